import { acceptsLegacyAccessToken, NO_SESSION } from '../django/legacy-tokens.ts'
import type { Settings } from '../options.ts'
import { isTokenId } from '../sessions/token-id.ts'
import type { VerifiedToken } from '../tokens/claims.ts'

/**
 * The session an access token belongs to, or undefined when it belongs to none Latchkey could have opened. Every
 * access token must name its session (`sid`), because the in-memory revoked set — the only per-request check, no
 * database read — works by session: a token without one (as SimpleJWT mints them) would survive logout, logout-all
 * and a password change until its `exp` (OWASP ASVS 5.0 7.4.1: logout and session termination invalidate every
 * token of the session). The one place that decides which tokens are bound. The exception is a Django migration's
 * cutover window (`acceptLegacyTokensUntil`): until it closes, SimpleJWT's sid-less tokens are accepted as belonging
 * to no session (`NO_SESSION`), so nobody is logged out at the switch.
 *
 * @example accessTokenSession(token, ctx.settings, now) // '9b1c…', NO_SESSION, or undefined
 */
export function accessTokenSession(
  token: VerifiedToken,
  settings: Settings,
  nowMs: number,
): string | undefined {
  if (isTokenId(token.sid)) return token.sid
  if (token.sid === undefined && acceptsLegacyAccessToken(settings, nowMs)) return NO_SESSION
  return undefined
}
