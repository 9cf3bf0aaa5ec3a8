import type { AuthContext } from '../context.ts'
import { deleteAuthCookies } from '../cookies/auth-cookies.ts'
import { readCookie } from '../cookies/read-cookie.ts'
import { emitEvent } from '../emit-event.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import { afterRevocation } from '../sessions/revoke-sessions.ts'
import {
  type Authenticated,
  authenticatePresented,
  notAuthenticated,
  presentedAccessToken,
} from './authenticate.ts'
import { enforceCsrf } from './enforce-csrf.ts'
import { invalidRefreshToken, permissionDenied, readRefreshToken } from './read-refresh-token.ts'
import { requestOrigin } from './request-origin.ts'

/**
 * `POST /accounts/auth/logout/`: revokes the session of the refresh cookie and deletes both cookies.
 *
 * Differences from the reference: the refresh cookie alone is enough (an expired access token does not make
 * logging out impossible), so CSRF is checked whenever a cookie is present; and when a valid access token is also
 * presented, a refresh token of another user is refused instead of revoked.
 */
export async function logout(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const presented = presentedAccessToken(ctx, request)
  const hasRefreshCookie = readCookie(request.headers, ctx.settings.cookies.refreshName).kind !== 'absent'
  if (presented?.source === 'cookie' || hasRefreshCookie) enforceCsrf(ctx, request)
  let caller: Authenticated | null = null
  if (presented !== null) {
    try {
      caller = await authenticatePresented(ctx, request, presented)
    } catch (error) {
      // With a refresh cookie, a stale access token must not block the logout the cookie authorises.
      if (!hasRefreshCookie) throw error
    }
  }
  const credential = readRefreshToken(ctx, request)
  if (credential === null) throw caller === null ? notAuthenticated() : permissionDenied()
  if (caller !== null && caller.user.id !== credential.userId) throw permissionDenied()
  const now = ctx.clock.now()
  const session = await ctx.sessions.get(credential.sessionId)
  if (session === undefined || session.userId !== credential.userId)
    throw invalidRefreshToken('Token is invalid or expired')
  if (session.revokedAt !== null) throw invalidRefreshToken('Token is blacklisted')
  const revoked = await ctx.sessions.revoke(session.id, now, 'logout')
  if (revoked !== undefined) {
    const origin = requestOrigin(request)
    emitEvent(ctx, 'onLogout', { ...origin, userId: session.userId, sessionId: session.id })
    afterRevocation(ctx, [revoked], 'logout', origin)
  }
  return { status: 200, body: {}, cookies: deleteAuthCookies(ctx.settings) }
}
