import type { AuthContext } from '../context.ts'
import { checkCsrf } from '../csrf/check-csrf.ts'
import { csrfCookie } from '../csrf/csrf-cookie.ts'
import { checkCrossSite } from '../csrf/fetch-site.ts'
import { newCsrfSecret } from '../csrf/secret.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest } from '../http.ts'

/**
 * The CSRF defence of an unsafe request a cookie authenticates: Django's check (token and Origin/Referer; throws
 * `csrf_failed` with Django's reason, replacing a malformed CSRF cookie in the same 403 as Django does), then the
 * Fetch Metadata check: a browser that says another site started the request (`Sec-Fetch-Site: cross-site` or
 * `same-site`) is refused even with a valid token, unless its Origin is explicitly trusted — defence in depth should
 * the token leak (OWASP CSRF Prevention Cheat Sheet, "Fetch Metadata headers"; W3C Fetch Metadata Request Headers).
 */
export function enforceCsrf(ctx: AuthContext, request: AuthRequest): void {
  if (ctx.settings.csrf.enabled) {
    const check = checkCsrf(request, ctx.settings.csrf)
    if (!check.ok) {
      const cookies = check.cookieMalformed ? [csrfCookie(newCsrfSecret(ctx.random), ctx.settings.csrf)] : []
      ctx.logger.warn({ event: 'csrf_failed', reason: check.reason, ip: request.ip }, 'csrf_failed')
      throw new AuthError('csrf_failed', `CSRF Failed: ${check.reason}`, { cookies })
    }
  }
  refuseCrossSite(ctx, request)
}

/**
 * Latchkey's refusal of cross-site requests: login and refresh (the reference accepts both from any site, which
 * allows login CSRF) and, through `enforceCsrf`, every unsafe cookie-authenticated one. Requests without Origin or
 * Sec-Fetch-Site (curl, servers) pass.
 */
export function refuseCrossSite(ctx: AuthContext, request: AuthRequest): void {
  const check = checkCrossSite(request, ctx.settings.csrf)
  if (check.ok) return
  ctx.logger.warn({ event: 'cross_site_refused', reason: check.reason, ip: request.ip }, 'cross_site_refused')
  throw new AuthError('csrf_failed', `CSRF Failed: ${check.reason}`)
}
