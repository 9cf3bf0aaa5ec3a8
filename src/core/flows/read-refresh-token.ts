import type { AuthContext } from '../context.ts'
import { cookiesOf } from '../cookies/cookie-jar.ts'
import { legacySessionId } from '../django/legacy-tokens.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest } from '../http.ts'
import { isTokenId } from '../sessions/token-id.ts'
import type { TokenProblem, VerifiedToken } from '../tokens/claims.ts'
import { tokenUserId } from './authenticate.ts'

export function invalidRefreshToken(detail: TokenProblem | 'Token is blacklisted'): AuthError {
  return new AuthError('token_not_valid', detail)
}

export interface RefreshCredential {
  readonly token: VerifiedToken
  readonly sessionId: string
  readonly userId: number
}

/**
 * The refresh cookie, verified, or null when there is none (the caller decides what "none" means). The body is
 * never read: the refresh token travels only in its HttpOnly cookie. A token without `sid` was issued by a SimpleJWT
 * backend: it names the session `latchkey import-django` made from its `jti`, if any, and refreshes once against it
 * (the rotation then hands out an ordinary Latchkey token); one that was never imported finds no session and is
 * refused (the reference accepts any validly signed one). A `sid` or `jti` not of the shape Latchkey mints is
 * refused too: nothing unvalidated reaches the session store.
 */
export function readRefreshToken(ctx: AuthContext, request: AuthRequest): RefreshCredential | null {
  const cookie = cookiesOf(request).get(ctx.settings.cookies.refreshName)
  if (cookie.kind === 'absent') return null
  if (cookie.kind === 'duplicate') throw invalidRefreshToken('Token is invalid or expired')
  const check = ctx.codec.verify(cookie.value, 'refresh', ctx.clock.now())
  if (!check.ok) throw invalidRefreshToken(check.problem)
  const userId = tokenUserId(check.token)
  const { sid, jti } = check.token
  if (!isTokenId(jti) || userId === undefined) throw invalidRefreshToken('Token is invalid or expired')
  // SimpleJWT's jti is uuid4().hex, the same shape as Latchkey's: an imported session is found by its hash.
  const sessionId = sid === undefined ? legacySessionId(jti) : sid
  if (!isTokenId(sessionId)) throw invalidRefreshToken('Token is invalid or expired')
  return { token: check.token, sessionId, userId }
}

export function permissionDenied(): AuthError {
  return new AuthError('permission_denied', 'You do not have permission to perform this action.')
}
