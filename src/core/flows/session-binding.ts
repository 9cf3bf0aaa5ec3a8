import { isTokenId } from '../sessions/token-id.ts'
import type { VerifiedToken } from '../tokens/claims.ts'

/**
 * The session an access token belongs to, or undefined when it belongs to none Latchkey could have opened. Every
 * access token must name its session (`sid`), because the in-memory revoked set — the only per-request check, no
 * database read — works by session: a token without one (as SimpleJWT mints them) would survive logout, logout-all
 * and a password change until its `exp` (OWASP ASVS 5.0 7.4.1: logout and session termination invalidate every
 * token of the session). The one place that decides which tokens are bound; a migration cutover window that accepts
 * SimpleJWT's tokens for a while belongs here.
 *
 * @example accessTokenSession(token) // '9b1c…' or undefined
 */
export function accessTokenSession(token: VerifiedToken): string | undefined {
  return isTokenId(token.sid) ? token.sid : undefined
}
