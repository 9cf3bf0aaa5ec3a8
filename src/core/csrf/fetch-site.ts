import { type AuthRequest, headerValue } from '../http.ts'
import type { Settings } from '../options.ts'
import { badOriginReason, isTrustedOrigin, originVerified } from './check-origin.ts'

export type CrossSiteCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/** The Fetch Metadata values that mean "another site started this request". */
const FOREIGN_SITES: ReadonlySet<string> = new Set(['cross-site', 'same-site'])

/**
 * Latchkey's guard on login and refresh, which the reference leaves open to any site (login CSRF: OWASP CSRF
 * Prevention Cheat Sheet, "Possible CSRF Vulnerabilities in Login Forms"), and on every unsafe cookie-authenticated
 * request. A present Origin must be the request's own or a trusted one, judged as Django's `_origin_verified` does.
 * `Sec-Fetch-Site: cross-site` is refused unless the Origin is explicitly trusted, and so is `same-site`: SameSite
 * is scoped to the registrable domain, so a sibling subdomain is "same-site" without being us (OWASP CSRF
 * Prevention Cheat Sheet, "How to treat Fetch Metadata headers", `trustSameSite = false`). `same-origin`, `none` and
 * unknown values fall through to the Origin check. Requests carrying neither header (curl, servers) pass: no
 * browser is being tricked.
 *
 * @example checkCrossSite(request, settings.csrf) // { ok: false, reason: 'Origin checking failed - …' }
 */
export function checkCrossSite(request: AuthRequest, csrf: Settings['csrf']): CrossSiteCheck {
  const origin = headerValue(request.headers, 'origin')
  if (origin !== undefined && !originVerified(request, origin, csrf.trustedOrigins))
    return { ok: false, reason: badOriginReason(origin) }
  // Fetch Metadata values are lower-case tokens; any other spelling is unknown and ignored, as the spec asks.
  const site = headerValue(request.headers, 'sec-fetch-site')
  if (site === undefined || !FOREIGN_SITES.has(site)) return { ok: true }
  if (origin !== undefined && isTrustedOrigin(origin, csrf.trustedOrigins)) return { ok: true }
  return {
    ok: false,
    reason: `Fetch metadata checking failed - Sec-Fetch-Site is ${site} and the Origin is not trusted.`,
  }
}
