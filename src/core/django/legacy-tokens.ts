import { createHash } from 'node:crypto'
import type { Settings } from '../options.ts'

/**
 * The Django cutover window: whether an access token without `sid` (minted by the SimpleJWT backend Latchkey
 * replaces, signed with the same key) is still accepted at `nowMs`. Such a token names no session, so logout cannot
 * revoke it; it is accepted only while `acceptLegacyTokensUntil` has not passed, and only until its own `exp`
 * (checked before this, like every token's). Off (never accepted) unless the window is configured.
 *
 * @example
 * if (token.sid === undefined && !acceptsLegacyAccessToken(ctx.settings, now)) throw invalidAccessToken(…)
 */
export function acceptsLegacyAccessToken(settings: Settings, nowMs: number): boolean {
  const until = settings.acceptLegacyTokensUntilMs
  return until !== null && nowMs < until
}

/**
 * The session id an access token accepted by the cutover window is authenticated under: none. It matches no stored
 * session, so what acts on "the caller's session" (a password change's reissue, the session list's `current`)
 * finds nothing; a refresh turns the browser's cookies into session-bound ones within one access lifetime.
 */
export const NO_SESSION = ''

/**
 * The id of the session `latchkey import-django` makes from a SimpleJWT outstanding refresh token: a hash of its
 * `jti`, so a refresh cookie the reference issued (which carries no `sid`) finds its imported session, and a token
 * whose jti was never imported finds none. The prefix keeps these ids apart from any other use of the hash;
 * 32 hex characters, like every session id.
 *
 * @example
 * legacySessionId('d5bc6d54a8fa4da0a545de26e5a69b1e') // '…' (32 hex characters)
 */
export function legacySessionId(jti: string): string {
  return createHash('sha256').update(`latchkey:django-refresh:${jti}`).digest('hex').slice(0, 32)
}
