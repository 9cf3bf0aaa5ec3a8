import type { AuthContext } from '../context.ts'
import { readCookie } from '../cookies/read-cookie.ts'
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
 * never read: the refresh token travels only in its HttpOnly cookie. A token without `sid` was not issued by
 * Latchkey and is refused (the reference accepts any validly signed one), and so is one whose `sid` or `jti` is
 * not of the shape Latchkey mints: nothing unvalidated reaches the session store.
 */
export function readRefreshToken(ctx: AuthContext, request: AuthRequest): RefreshCredential | null {
  const cookie = readCookie(request.headers, ctx.settings.cookies.refreshName)
  if (cookie.kind === 'absent') return null
  if (cookie.kind === 'duplicate') throw invalidRefreshToken('Token is invalid or expired')
  const check = ctx.codec.verify(cookie.value, 'refresh', ctx.clock.now())
  if (!check.ok) throw invalidRefreshToken(check.problem)
  const userId = tokenUserId(check.token)
  const { sid, jti } = check.token
  if (!isTokenId(sid) || !isTokenId(jti) || userId === undefined)
    throw invalidRefreshToken('Token is invalid or expired')
  return { token: check.token, sessionId: sid, userId }
}

export function permissionDenied(): AuthError {
  return new AuthError('permission_denied', 'You do not have permission to perform this action.')
}
