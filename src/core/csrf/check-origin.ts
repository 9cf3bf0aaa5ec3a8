import { type AuthRequest, headerValue } from '../http.ts'
import type { Settings } from '../options.ts'
import { joinUrl, splitUrl } from './url-split.ts'

// Django's `django.middleware.csrf` reason strings, verbatim.
export const REASON_NO_REFERER = 'Referer checking failed - no Referer.'
export const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.'
export const REASON_INSECURE_REFERER = 'Referer checking failed - Referer is insecure while host is secure.'

/** `REASON_BAD_ORIGIN % origin`. */
export function badOriginReason(origin: string): string {
  return `Origin checking failed - ${origin} does not match any trusted origins.`
}

/** `REASON_BAD_REFERER % referer.geturl()`. */
export function badRefererReason(referer: string): string {
  return `Referer checking failed - ${referer} does not match any trusted origins.`
}

// Django's `host_validation_re`, applied to the lower-cased Host by `split_domain_port`.
const HOST = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/

/**
 * The Host header when it is well-formed, as Django's `request.get_host()` (which raises `DisallowedHost` for
 * `@malformed`, so that Host never counts as our own origin: `test_origin_malformed_host`). Which host names are
 * allowed at all (ALLOWED_HOSTS) is the server's check, made before any flow runs (Django's ALLOWED_HOSTS; OWASP
 * CSRF Prevention Cheat Sheet, "Identifying the Target Origin").
 */
export function requestHost(request: AuthRequest): string | undefined {
  const host = headerValue(request.headers, 'host')
  if (host === undefined) return undefined
  const match = HOST.exec(host.toLowerCase())
  if (match === null) return undefined
  // A trailing dot is dropped before the domain is judged; a host that is only a dot has no domain.
  return (match[1] as string).replace(/\.$/, '') === '' ? undefined : host
}

/** `scheme://host[:port]` of the request itself (Django's `good_origin`), or undefined when Host is malformed. */
export function requestOrigin(request: AuthRequest): string | undefined {
  const host = requestHost(request)
  return host === undefined ? undefined : `${request.secure ? 'https' : 'http'}://${host}`
}

/**
 * Django's `is_same_domain`: `pattern` is a host, or a `.example.com` pattern that matches the domain and every
 * subdomain. Only the pattern is lower-cased, as in Django; browsers send host names in lower case.
 */
export function isSameDomain(host: string, pattern: string): boolean {
  if (pattern === '') return false
  const lower = pattern.toLowerCase()
  if (lower.startsWith('.')) return host.endsWith(lower) || host === lower.slice(1)
  return host === lower
}

/** The host part of each trusted origin with Django's leading `*` stripped (`csrf_trusted_origins_hosts`). */
function trustedHost(entry: string): string {
  return (splitUrl(entry)?.netloc ?? '').replace(/^\*+/, '')
}

/**
 * Whether an Origin value is explicitly trusted: exactly equal to one of `trustedOrigins` (so scheme, port, case and
 * a trailing slash all count), or matched by a Django wildcard entry `https://*.example.com` over the same scheme
 * (`allowed_origins_exact`, `allowed_origin_subdomains`).
 *
 * Deliberately stricter than Django for wildcards: Django matches any `urlsplit` netloc, so it would accept
 * `https://a.example.com/path`, `https://x@a.example.com` or `https://*.example.com`; we require the serialized
 * `scheme://host[:port]` form a browser sends, with a host Django's `host_validation_re` accepts.
 *
 * @example isTrustedOrigin('https://app.example.com', ['https://*.example.com']) // true
 */
export function isTrustedOrigin(origin: string, trusted: readonly string[]): boolean {
  if (trusted.some((entry) => !entry.includes('*') && entry === origin)) return true
  const parsed = splitUrl(origin)
  if (parsed === undefined || !HOST.test(parsed.netloc.toLowerCase())) return false
  if (origin !== `${parsed.scheme}://${parsed.netloc}`) return false
  return trusted.some((entry) => {
    if (!entry.includes('*')) return false
    const wildcard = splitUrl(entry)
    return wildcard?.scheme === parsed.scheme && isSameDomain(parsed.netloc, trustedHost(entry))
  })
}

/**
 * Django's `_origin_verified`: the Origin is the request's own origin (`http[s]://` + Host, compared as strings),
 * or a trusted one. `null` (sandboxed frames, privacy redirects) and unparsable values never pass.
 *
 * @example originVerified(request, 'http://evil.example', []) // false
 */
export function originVerified(request: AuthRequest, origin: string, trusted: readonly string[]): boolean {
  if (origin === requestOrigin(request)) return true
  return isTrustedOrigin(origin, trusted)
}

/**
 * Django's `_check_referer`, run for HTTPS requests without an Origin header: the Referer must parse, be https
 * (an active attacker on plain http must not be able to forge a request to the https site), and name a trusted
 * host, the cookie domain (and port), or the request's own host. Returns Django's reason, or undefined when the
 * Referer is good.
 *
 * Differs from Django in one place: with `cookieDomain` set, Django appends `SERVER_PORT` unless it is 80 or 443;
 * a framework-free request has no server port, so the port the client addressed (from Host) is used instead.
 */
export function checkReferer(request: AuthRequest, csrf: Settings['csrf']): string | undefined {
  const header = headerValue(request.headers, 'referer')
  if (header === undefined) return REASON_NO_REFERER
  const referer = splitUrl(header)
  if (referer === undefined || referer.scheme === '' || referer.netloc === '') return REASON_MALFORMED_REFERER
  if (referer.scheme !== 'https') return REASON_INSECURE_REFERER
  if (csrf.trustedOrigins.some((entry) => isSameDomain(referer.netloc, trustedHost(entry)))) return undefined
  let good: string
  if (csrf.cookieDomain === null) {
    const host = requestHost(request)
    if (host === undefined) return badRefererReason(joinUrl(referer))
    good = host
  } else {
    const port = HOST.exec(requestHost(request)?.toLowerCase() ?? '')?.[2]
    good =
      port === undefined || port === '443' || port === '80'
        ? csrf.cookieDomain
        : `${csrf.cookieDomain}:${port}`
  }
  return isSameDomain(referer.netloc, good) ? undefined : badRefererReason(joinUrl(referer))
}
