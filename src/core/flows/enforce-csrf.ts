import type { AuthContext } from '../context.ts'
import { checkCsrf } from '../csrf/check-csrf.ts'
import { csrfCookie } from '../csrf/csrf-cookie.ts'
import { checkCrossSite } from '../csrf/fetch-site.ts'
import { newCsrfSecret } from '../csrf/secret.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest } from '../http.ts'

/**
 * Django's CSRF check for a cookie-authenticated request; throws `csrf_failed` with Django's reason. A malformed
 * CSRF cookie is replaced in the same 403 response, as Django does.
 */
export function enforceCsrf(ctx: AuthContext, request: AuthRequest): void {
  if (!ctx.settings.csrf.enabled) return
  const check = checkCsrf(request, ctx.settings.csrf)
  if (check.ok) return
  const cookies = check.cookieMalformed ? [csrfCookie(newCsrfSecret(ctx.random), ctx.settings.csrf)] : []
  ctx.logger.warn({ event: 'csrf_failed', reason: check.reason, ip: request.ip }, 'csrf_failed')
  throw new AuthError('csrf_failed', `CSRF Failed: ${check.reason}`, { cookies })
}

/**
 * Latchkey's refusal of cross-site login and refresh (the reference accepts both from any site, which allows login
 * CSRF). Requests without Origin or Sec-Fetch-Site (curl, servers) pass.
 */
export function refuseCrossSite(ctx: AuthContext, request: AuthRequest): void {
  const check = checkCrossSite(request, ctx.settings.csrf)
  if (check.ok) return
  ctx.logger.warn({ event: 'cross_site_refused', reason: check.reason, ip: request.ip }, 'cross_site_refused')
  throw new AuthError('csrf_failed', `CSRF Failed: ${check.reason}`)
}
