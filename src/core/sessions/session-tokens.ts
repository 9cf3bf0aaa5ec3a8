import type { AuthContext } from '../context.ts'
import { randomHex128 } from '../random.ts'
import type { Session } from './session.ts'

export interface IssuedToken {
  readonly token: string
  /** Seconds the cookie should live: the token's remaining lifetime. */
  readonly maxAge: number
}

/**
 * When the session ends at the latest, if nothing else happens: its absolute end, or sooner the end of its idle
 * timeout counted from its last use.
 */
export function sessionEnd(ctx: AuthContext, session: Session): number {
  const idle = ctx.settings.sessionIdleTimeoutMs
  return idle > 0 ? Math.min(session.expiresAt, session.lastUsedAt + idle) : session.expiresAt
}

/**
 * A fresh access token for the session: new jti, `iat` now, `exp` one access lifetime later but never past the
 * session's end, so no access token outlives its session (OWASP ASVS 5.0 7.3.2: an absolute session lifetime).
 */
export function issueAccessToken(ctx: AuthContext, session: Session, nowMs: number): IssuedToken {
  const iat = Math.floor(nowMs / 1000)
  const exp = Math.max(
    iat,
    Math.min(iat + ctx.settings.accessTokenLifetimeMs / 1000, Math.floor(sessionEnd(ctx, session) / 1000)),
  )
  const lifetime = exp - iat
  const token = ctx.codec.sign({
    token_type: 'access',
    exp,
    iat,
    jti: randomHex128(ctx.random),
    user_id: session.userId,
    sid: session.id,
  })
  return { token, maxAge: lifetime }
}

/**
 * The session's current refresh token. It is a pure function of the stored row (jti, issue time, session expiry),
 * so a request that lands inside the grace window re-creates byte for byte the token the winning request got,
 * instead of minting a second branch.
 */
export function currentRefreshToken(ctx: AuthContext, session: Session, nowMs: number): IssuedToken {
  const exp = Math.floor(session.expiresAt / 1000)
  const token = ctx.codec.sign({
    token_type: 'refresh',
    exp,
    iat: Math.floor(session.currentIssuedAt / 1000),
    jti: session.currentJti,
    user_id: session.userId,
    sid: session.id,
  })
  return { token, maxAge: Math.max(0, exp - Math.floor(nowMs / 1000)) }
}

/** When the last access token of a session revoked now would expire: how long the revocation must be remembered. */
export function revocationHorizon(ctx: AuthContext, revokedAtMs: number): number {
  return revokedAtMs + ctx.settings.accessTokenLifetimeMs + ctx.settings.leewayMs + 1000
}
