import { requestHost } from '../csrf/check-origin.ts'
import { type AuthRequest, headerValue, type SameSite } from '../http.ts'
import type { Settings } from '../options.ts'
import { isLoopbackHost, parseOrigin, registrableDomain } from './site.ts'

/** The attributes of a cookie a response is about to set that decide whether a browser keeps it. */
export interface PlannedCookie {
  readonly name: string
  readonly secure: boolean
  readonly sameSite: SameSite | null
}

export type RejectionCause = 'secure_cookie_over_http' | 'same_site_cookie_cross_site'

export interface CookieRejection {
  readonly cause: RejectionCause
  /** The cookies the browser will drop. */
  readonly cookies: readonly string[]
  /** What happened and which setting to change, for the error body and the log line. */
  readonly detail: string
}

type Observed = Pick<AuthRequest, 'headers' | 'secure'>

/** The request's own host without its port, when Host is well-formed. */
function hostName(request: Observed): string | undefined {
  const host = requestHost(request as AuthRequest)
  return host?.replace(/:\d+$/, '')
}

/** The request came from a browser (fetch metadata or an Origin): curl and servers keep any cookie they get. */
function fromBrowser(request: Observed): boolean {
  return (
    headerValue(request.headers, 'sec-fetch-site') !== undefined ||
    headerValue(request.headers, 'origin') !== undefined
  )
}

/**
 * Whether the browser sees this request as cross-site for cookies: `Sec-Fetch-Site: cross-site` (the browser's own
 * verdict, made with the real Public Suffix List), or, from a browser that sends no fetch metadata, an Origin whose
 * registrable domain differs from the Host's. Top-level navigations are left out: they may set Lax cookies.
 */
export function isCrossSiteRequest(request: Observed): boolean {
  if (headerValue(request.headers, 'sec-fetch-mode') === 'navigate') return false
  const site = headerValue(request.headers, 'sec-fetch-site')
  if (site !== undefined) return site === 'cross-site'
  const origin = parseOrigin(headerValue(request.headers, 'origin') ?? '')
  const host = hostName(request)
  if (origin === undefined || host === undefined) return false
  return registrableDomain(origin.host) !== registrableDomain(host)
}

/**
 * Whether the browser reached us over https even though the request looks like plain http here: an https Origin,
 * or an `X-Forwarded-Proto: https` from a proxy not (yet) trusted. Its Secure cookies will be kept.
 */
function browserUsedHttps(request: Observed): boolean {
  const origin = headerValue(request.headers, 'origin')
  const forwarded = headerValue(request.headers, 'x-forwarded-proto')
  return origin?.startsWith('https://') === true || forwarded?.split(',')[0]?.trim() === 'https'
}

/**
 * Why a browser will store none (or not all) of `cookies` set on the answer to this request, or undefined when it
 * will store them. Two causes, checked in this order:
 * - `Secure` cookies on a plain-http request to a host that is not loopback (RFC 6265bis §5.6 step 14: a user agent
 *   ignores a Secure cookie from a non-secure origin; Chromium and Firefox exempt `localhost` and 127.0.0.0/8);
 * - `SameSite=Lax`/`Strict` cookies on a cross-site subresource request (RFC 6265bis §5.6 step 22: such cookies are
 *   ignored unless the request is same-site or a top-level navigation).
 *
 * @example cookieRejection(request, plannedLoginCookies(settings)) // { cause: 'same_site_cookie_cross_site', … }
 */
export function cookieRejection(
  request: Observed,
  cookies: readonly PlannedCookie[],
): CookieRejection | undefined {
  if (!fromBrowser(request)) return undefined
  const host = hostName(request) ?? ''
  const secure = cookies.filter((c) => c.secure).map((c) => c.name)
  if (secure.length > 0 && !request.secure && !isLoopbackHost(host) && !browserUsedHttps(request))
    return {
      cause: 'secure_cookie_over_http',
      cookies: secure,
      detail: `The browser will not store the ${secure.join(', ')} cookies: they are Secure and this request reached ${host} over plain http. Serve the API over https (behind a TLS proxy, set LATCHKEY_TRUST_PROXY so its X-Forwarded-Proto counts), or set LATCHKEY_COOKIE_SECURE=false (library: cookies.secure, csrf.cookieSecure) in development.`,
    }
  const strict = cookies.filter((c) => c.sameSite === 'Lax' || c.sameSite === 'Strict')
  if (strict.length > 0 && isCrossSiteRequest(request)) {
    const origin = headerValue(request.headers, 'origin') ?? 'another site'
    const attribute = strict.map((c) => `${c.name} (SameSite=${c.sameSite})`).join(', ')
    return {
      cause: 'same_site_cookie_cross_site',
      cookies: strict.map((c) => c.name),
      detail: `The browser will not store the ${attribute} cookies: this request comes from ${origin}, another site than ${host}. Serve the app and the API on one site (the same host name, or subdomains of one domain: localhost and 127.0.0.1 are different sites), or set LATCHKEY_COOKIE_SAMESITE=None with LATCHKEY_COOKIE_SECURE=true (library: cookies.sameSite, csrf.cookieSameSite).`,
    }
  }
  return undefined
}

/** The cookies a login sets: both auth cookies and the rotated CSRF cookie. */
export function loginCookies(settings: Settings): PlannedCookie[] {
  const { cookies, csrf } = settings
  return [
    { name: cookies.accessName, secure: cookies.secure, sameSite: cookies.sameSite },
    { name: cookies.refreshName, secure: cookies.secure, sameSite: cookies.sameSite },
    { name: csrf.cookieName, secure: csrf.cookieSecure, sameSite: csrf.cookieSameSite },
  ]
}

/** The cookie the access-in-body token endpoint sets: the refresh cookie alone. */
export function tokenCookies(settings: Settings): PlannedCookie[] {
  const { cookies } = settings
  return [{ name: cookies.refreshName, secure: cookies.secure, sameSite: cookies.sameSite }]
}
