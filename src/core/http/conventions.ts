import { noticeBrowserRequest } from '../browser/browser-diagnostics.ts'
import type { AuthContext } from '../context.ts'
import { AuthError } from '../errors.ts'
import { headerValue } from '../http.ts'
import { isAllowedHost } from './allowed-host.ts'
import { corsHeaders, preflightHeaders } from './cors.ts'
import { errorResponse } from './error-response.ts'
import type { HttpRequest } from './request.ts'
import { type HttpResponse, ResponseBuilder } from './response.ts'

/**
 * The reference's security middleware headers, on every response: Django's SecurityMiddleware
 * (`X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`, `Cross-Origin-Opener-Policy: same-origin`) and
 * XFrameOptionsMiddleware (`DENY`), as OWASP ASVS 14.4 asks.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
}

/** A logged Host value is cut here: it is attacker-chosen and must not flood the log. */
const MAX_LOGGED_HOST = 100

/** The outcome of the conventions for one request: answer now, or go on with these headers added. */
export type Guard =
  | { readonly kind: 'answer'; readonly response: HttpResponse }
  | { readonly kind: 'continue'; readonly headers: Readonly<Record<string, string>> }

/**
 * The conventions every response follows, Latchkey's own or (on the server) any other route: security headers,
 * `Vary`, Django's ALLOWED_HOSTS check (a JSON 400 before anything else; Django's `validate_host`), and CORS as
 * django-cors-headers answers (a preflight ends here with 200 and no body).
 */
export function guardRequest(ctx: AuthContext, request: HttpRequest): Guard {
  const base = { ...SECURITY_HEADERS, vary: 'Origin, Cookie' }
  const host = headerValue(request.headers, 'host')
  if (!isAllowedHost(host, ctx.settings.allowedHosts)) {
    ctx.logger.warn(
      { event: 'disallowed_host', host: (host ?? '').slice(0, MAX_LOGGED_HOST), ip: request.ip },
      'disallowed_host',
    )
    const refused = new AuthError('bad_request', 'Bad Request (400): invalid Host header.')
    return { kind: 'answer', response: errorResponse(ctx, refused, base) }
  }
  const origin = headerValue(request.headers, 'origin')
  noticeBrowserRequest(ctx, request)
  if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
    const response = new ResponseBuilder(ctx.clock.now())
      .set(base)
      .set(preflightHeaders(origin, ctx.settings))
      .set({ 'content-length': '0' })
      .empty(200)
    return { kind: 'answer', response }
  }
  return { kind: 'continue', headers: { ...base, ...corsHeaders(origin, ctx.settings.cors) } }
}
