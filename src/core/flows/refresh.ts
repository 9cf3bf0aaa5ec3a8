import type { AuthContext } from '../context.ts'
import { accessCookie, refreshCookie } from '../cookies/auth-cookies.ts'
import { emitEvent } from '../emit-event.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest, SetCookie } from '../http.ts'
import { randomHex128 } from '../random.ts'
import { afterRevocation } from '../sessions/revoke-sessions.ts'
import type { Session } from '../sessions/session.ts'
import { currentRefreshToken, issueAccessToken } from '../sessions/session-tokens.ts'
import { refuseCrossSite } from './enforce-csrf.ts'
import { invalidRefreshToken, permissionDenied, readRefreshToken } from './read-refresh-token.ts'
import { requestOrigin } from './request-origin.ts'

export interface Refreshed {
  readonly session: Session
  readonly access: string
  /** Cookies to set: the access cookie (cookie mode only) and, when rotating, the refresh cookie. */
  readonly cookies: readonly SetCookie[]
}

/**
 * Exchanges the refresh cookie for a new access token. With rotation on, the store's compare-and-swap decides:
 * the current token rotates; the just-retired one inside the grace window gets the same successor; anything older
 * is a replay, and the whole session is revoked. With rotation off the reference's behaviour is kept, except that
 * only tokens of live sessions of active users refresh.
 *
 * @example
 * // An adapter's handler: the core's answer, for the framework to send
 * const result = await refreshTokens(ctx, request, { accessCookie: true })
 * reply.status(result.status).send(result.body)
 */
export async function refreshTokens(
  ctx: AuthContext,
  request: AuthRequest,
  mode: { readonly accessCookie: boolean },
): Promise<Refreshed> {
  refuseCrossSite(ctx, request)
  const credential = readRefreshToken(ctx, request)
  if (credential === null) throw permissionDenied()
  const now = ctx.clock.now()
  const origin = requestOrigin(request)
  const { sessionId, token } = credential
  // Everything that can fail runs before the compare-and-swap: once a rotation commits, only in-memory work is left,
  // so a committed rotation is always answered (a failure after it would leave the client holding a retired token).
  const serviceNow = ctx.settings.rotateRefreshTokens ? await ctx.serviceClock.now() : now
  // The user id the token names is part of the store's condition: a token naming another user's session (a
  // forgery) finds nothing and changes nothing. The user's state is too: the store's statement reads it fresh, in
  // the same round trip as the compare-and-swap, as the reference reads the user on every refresh — refresh is
  // where a deactivation made behind Latchkey's back ends a session (deliberate difference 4). A missing or inactive
  // user is refused before anything about the session is decided, so such a refresh changes nothing.
  const condition = {
    sessionId,
    userId: credential.userId,
    presentedJti: token.jti,
    now,
    idleTimeoutMs: ctx.settings.sessionIdleTimeoutMs,
  }
  const outcome = ctx.settings.rotateRefreshTokens
    ? await ctx.sessions.rotate({
        ...condition,
        newJti: randomHex128(ctx.random),
        graceMs: ctx.settings.refreshGraceWindowMs,
        serviceNow,
      })
    : await ctx.sessions.use(condition)
  switch (outcome.kind) {
    case 'user_missing':
      throw new AuthError('user_not_found', 'User not found')
    case 'user_inactive':
      throw new AuthError('user_inactive', 'User is inactive')
    case 'missing':
    case 'unknown_token':
      throw invalidRefreshToken('Token is invalid or expired')
    case 'revoked':
      throw invalidRefreshToken('Token is blacklisted')
    case 'reuse': {
      const session = outcome.session
      emitEvent(ctx, 'onRefreshReuseDetected', { ...origin, userId: session.userId, sessionId: session.id })
      afterRevocation(ctx, [session], 'refresh_token_reuse', origin)
      throw invalidRefreshToken('Token is blacklisted')
    }
  }
  const session = outcome.session
  const access = issueAccessToken(ctx, session, now)
  const cookies: SetCookie[] = []
  if (mode.accessCookie) cookies.push(accessCookie(access.token, access.maxAge, ctx.settings))
  if (ctx.settings.rotateRefreshTokens) {
    const refresh = currentRefreshToken(ctx, session, now)
    cookies.push(refreshCookie(refresh.token, refresh.maxAge, ctx.settings))
  }
  emitEvent(ctx, 'onRefresh', {
    ...origin,
    userId: credential.userId,
    sessionId: session.id,
    grace: outcome.kind === 'grace',
  })
  return { session, access: access.token, cookies }
}
