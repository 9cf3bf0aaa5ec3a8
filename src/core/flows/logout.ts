import type { AuthContext } from '../context.ts'
import { deleteAuthCookies } from '../cookies/auth-cookies.ts'
import { cookiesOf } from '../cookies/cookie-jar.ts'
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
 *
 * @example
 * // An adapter's handler: the core's answer, for the framework to send
 * const result = await logout(ctx, request)
 * reply.status(result.status).send(result.body)
 */
export async function logout(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const presented = presentedAccessToken(ctx, request)
  const hasRefreshCookie = cookiesOf(request).get(ctx.settings.cookies.refreshName).kind !== 'absent'
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
  // One conditional write, owner included: a concurrent logout or replay makes this one hear "blacklisted", and a
  // token naming another user's session changes nothing.
  const outcome = await ctx.sessions.revokeOwned(
    credential.sessionId,
    credential.userId,
    ctx.clock.now(),
    'logout',
  )
  if (outcome.kind === 'missing') throw invalidRefreshToken('Token is invalid or expired')
  if (outcome.kind === 'not_live') throw invalidRefreshToken('Token is blacklisted')
  const origin = requestOrigin(request)
  const { session } = outcome
  emitEvent(ctx, 'onLogout', { ...origin, userId: session.userId, sessionId: session.id })
  afterRevocation(ctx, [session], 'logout', origin)
  return { status: 200, body: {}, cookies: deleteAuthCookies(ctx.settings) }
}
