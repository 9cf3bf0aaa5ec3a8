import { type AuthRequest, headerValue } from '../http.ts'
import type { Settings } from '../options.ts'
import { isTrustedOrigin, originVerified } from './check-origin.ts'

export type CrossSiteCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/**
 * Latchkey's guard on login and refresh, which the reference leaves open to any site (login CSRF). A present
 * Origin must be the server's own or trusted; `Sec-Fetch-Site: cross-site` or `same-site` is refused unless the
 * Origin is explicitly trusted (a sibling subdomain is not us). Requests carrying neither header — curl, servers —
 * pass: they are not a browser being tricked.
 */
export function checkCrossSite(request: AuthRequest, csrf: Settings['csrf']): CrossSiteCheck {
  const origin = headerValue(request.headers, 'origin')
  if (origin !== undefined && !originVerified(request, origin, csrf.trustedOrigins))
    return { ok: false, reason: `Origin checking failed - ${origin} does not match any trusted origins.` }
  const site = headerValue(request.headers, 'sec-fetch-site')
  if (
    (site === 'cross-site' || site === 'same-site') &&
    !(origin !== undefined && isTrustedOrigin(origin, csrf.trustedOrigins))
  )
    return { ok: false, reason: `Cross-site request refused (Sec-Fetch-Site: ${site}).` }
  return { ok: true }
}
