import { noticeBrowserRequest } from '../browser/browser-diagnostics.ts'
import type { AuthContext } from '../context.ts'
import { AuthError } from '../errors.ts'
import { headerValue } from '../http.ts'
import { isAllowedHost, targetAuthority } from './allowed-host.ts'
import { corsHeaders, preflightHeaders } from './cors.ts'
import { duplicateSingleton } from './duplicate-headers.ts'
import { errorResponse } from './error-response.ts'
import { ENDPOINT_PREFIX } from './match.ts'
import { type HttpRequest, pathOf } from './request.ts'
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

/**
 * Every answer under `/accounts/` may carry a token or a user's data, so none may be stored by a browser or a shared
 * cache: RFC 6749 §5.1 requires `no-store` on any response containing tokens, OWASP ASVS 5.0 14.3.2 on responses
 * with sensitive data. Set on the errors, preflights and 404s there too, so no answer depends on remembering it.
 */
export const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store' }

/** Whether a request target names a path under `/accounts/`, where every answer is `no-store`. */
export function isAccountsPath(url: string): boolean {
  // An origin-form target starts with its path, and the prefix holds no `?` or `#`: no need to cut the query off.
  if (url.startsWith(ENDPOINT_PREFIX)) return true
  const path = pathOf(url)
  return path.startsWith(ENDPOINT_PREFIX) || `${path}/` === ENDPOINT_PREFIX
}

/** What every answer carries, and what every answer under `/accounts/` carries. */
const SITE_BASE: Readonly<Record<string, string>> = Object.freeze({
  ...SECURITY_HEADERS,
  vary: 'Origin, Cookie',
})
const ACCOUNTS_BASE: Readonly<Record<string, string>> = Object.freeze({ ...SITE_BASE, ...NO_STORE })

/** A logged Host value is cut here: it is attacker-chosen and must not flood the log. */
const MAX_LOGGED_HOST = 100

/**
 * The last Host value found allowed, per instance: nearly every request names the same host, so one string
 * comparison replaces the pattern checks. Only an allowed value is remembered, and only one, so a client sending
 * other names gains nothing and fills nothing.
 */
const lastAllowedHost = new WeakMap<AuthContext, string>()

function allowedHostCached(ctx: AuthContext, host: string | undefined): boolean {
  if (host !== undefined && lastAllowedHost.get(ctx) === host) return true
  const ok = isAllowedHost(host, ctx.settings.allowedHosts)
  if (ok && host !== undefined) lastAllowedHost.set(ctx, host)
  return ok
}

/** The outcome of the conventions for one request: answer now, or go on with these headers added. */
export type Guard =
  | {
      readonly kind: 'answer'
      readonly reason: 'duplicate_header' | 'disallowed_host'
      /** The refusal the response carries. */
      readonly error: AuthError
      readonly response: HttpResponse
    }
  | { readonly kind: 'answer'; readonly reason: 'preflight'; readonly response: HttpResponse }
  | { readonly kind: 'continue'; readonly headers: Readonly<Record<string, string>> }

/** The usual outcomes (no CORS header to add), made once: the guard of most requests allocates nothing. */
const CONTINUE_ACCOUNTS: Guard = Object.freeze({ kind: 'continue', headers: ACCOUNTS_BASE })
const CONTINUE_SITE: Guard = Object.freeze({ kind: 'continue', headers: SITE_BASE })

export interface GuardOptions {
  /**
   * Check the Host against the allowed hosts (default true). A host turns it off for routes that no browser uses
   * and that must answer whatever name they are reached by — load balancers' and Kubernetes' health probes send the
   * instance's IP as Host — and that set no cookie and read no credential, so a forged Host gains nothing there.
   */
  readonly checkHost?: boolean | (() => boolean)
}

/** Whether the Host check applies; a function is asked only for a Host that fails it (hosts may find out lazily). */
function hostCheckApplies(options: GuardOptions): boolean {
  const { checkHost } = options
  return typeof checkHost === 'function' ? checkHost() : checkHost !== false
}

/** A refusal of the conventions: the request is answered 400 before anything else runs. */
export type GuardRefusal = Extract<Guard, { reason: 'duplicate_header' | 'disallowed_host' }>

/**
 * The conventions' refusals alone: a repeated `Host` or `Authorization` (RFC 9112 §3.2, RFC 9110 §5.3), and Django's
 * ALLOWED_HOSTS check on the Host field and on an absolute-form target (Django's `validate_host`); `undefined` when
 * the request passes. What guards an app's own route, where Latchkey adds no header to a successful answer: the
 * rest of `guardRequest` (CORS, the browser diagnostics) is worked out only for a refusal's response.
 */
export function refuseRequest(
  ctx: AuthContext,
  request: HttpRequest,
  options: GuardOptions = {},
): GuardRefusal | undefined {
  const duplicate = duplicateSingleton(request.headers)
  if (duplicate !== undefined) {
    ctx.logger.warn({ event: 'duplicate_header', header: duplicate, ip: request.ip }, 'duplicate_header')
    const refused = new AuthError('bad_request', `Bad Request (400): more than one ${duplicate} header.`)
    return {
      kind: 'answer',
      reason: 'duplicate_header',
      error: refused,
      response: errorResponse(ctx, refused, baseOf(request)),
    }
  }
  const host = headerValue(request.headers, 'host')
  // An absolute-form target names the host itself (RFC 9112 §3.2.2): it is checked as the Host field is.
  const authority = targetAuthority(request.url)
  const allowed = ctx.settings.allowedHosts
  const hostOk =
    allowedHostCached(ctx, host) && (authority === undefined || isAllowedHost(authority, allowed))
  if (hostOk || !hostCheckApplies(options)) return undefined
  const named = authority !== undefined && isAllowedHost(host, allowed) ? authority : host
  ctx.logger.warn(
    { event: 'disallowed_host', host: (named ?? '').slice(0, MAX_LOGGED_HOST), ip: request.ip },
    'disallowed_host',
  )
  const refused = new AuthError('bad_request', 'Bad Request (400): invalid Host header.')
  return {
    kind: 'answer',
    reason: 'disallowed_host',
    error: refused,
    response: errorResponse(ctx, refused, baseOf(request)),
  }
}

/** The headers every answer to this target carries: the security headers, and `no-store` under `/accounts/`. */
function baseOf(request: HttpRequest): Readonly<Record<string, string>> {
  return isAccountsPath(request.url) ? ACCOUNTS_BASE : SITE_BASE
}

/**
 * The conventions every response follows, Latchkey's own or (on the server) any other route: security headers,
 * `Cache-Control: no-store` under `/accounts/`, `Vary`, a repeated `Host` or `Authorization` refused, Django's
 * ALLOWED_HOSTS check on the Host field and an absolute-form target (a JSON 400 before anything else; Django's
 * `validate_host`), and CORS as django-cors-headers answers (a preflight ends here with 200 and no body).
 */
export function guardRequest(ctx: AuthContext, request: HttpRequest, options: GuardOptions = {}): Guard {
  const refusal = refuseRequest(ctx, request, options)
  if (refusal !== undefined) return refusal
  // Built once, frozen, and handed out as they are when no CORS header is added: most requests allocate nothing here.
  const base = baseOf(request)
  const origin = headerValue(request.headers, 'origin')
  noticeBrowserRequest(ctx, request)
  if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
    const response = new ResponseBuilder(ctx.clock.now())
      .set(base)
      .set(preflightHeaders(origin, ctx.settings))
      .set({ 'content-length': '0' })
      .empty(200)
    return { kind: 'answer', reason: 'preflight', response }
  }
  const cors = origin === undefined ? undefined : corsHeaders(origin, ctx.settings.cors)
  if (cors === undefined || cors['access-control-allow-origin'] === undefined)
    return base === ACCOUNTS_BASE ? CONTINUE_ACCOUNTS : CONTINUE_SITE
  return { kind: 'continue', headers: { ...base, ...cors } }
}
