import { tokenCookies } from '../browser/cookie-fate.ts'
import type { AuthContext } from '../context.ts'
import { refreshCookie } from '../cookies/auth-cookies.ts'
import { cookiesOf } from '../cookies/cookie-jar.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import { openSession } from './login.ts'
import { refreshTokens } from './refresh.ts'

/**
 * The access-in-body variant (SimpleJWT's obtain-pair view with the refresh token moved into the HttpOnly cookie):
 * the SPA keeps the access token in memory and sends it as a Bearer header, so it needs no CSRF token.
 */

/**
 * `POST /accounts/auth/token/` → `{"access": …}`, the refresh token only in its cookie.
 *
 * @example
 * // An adapter's handler: the core's answer, for the framework to send
 * const result = await obtainToken(ctx, request)
 * reply.status(result.status).send(result.body)
 */
export async function obtainToken(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const { access, refresh } = await openSession(ctx, request, tokenCookies(ctx.settings))
  return {
    status: 200,
    body: { access: access.token },
    cookies: [refreshCookie(refresh.token, refresh.maxAge, ctx.settings)],
  }
}

/**
 * `POST /accounts/auth/token/refresh/` → `{"access": …}` and the rotated refresh cookie.
 *
 * @example
 * // An adapter's handler: the core's answer, for the framework to send
 * const result = await refreshTokenInBody(ctx, request)
 * reply.status(result.status).send(result.body)
 */
export async function refreshTokenInBody(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const name = ctx.settings.cookies.refreshName
  if (cookiesOf(request).get(name).kind === 'absent')
    throw new AuthError('token_not_valid', `No valid token found in cookie '${name}'`)
  const refreshed = await refreshTokens(ctx, request, { accessCookie: false })
  return { status: 200, body: { access: refreshed.access }, cookies: refreshed.cookies }
}
