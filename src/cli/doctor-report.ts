import {
  isLoopbackHost,
  parseOrigin,
  registrableDomain,
  type SiteRelation,
  siteRelation,
} from '../core/browser/site.ts'
import { isTrustedOrigin } from '../core/csrf/check-origin.ts'
import { isAllowedHost } from '../core/http/allowed-host.ts'
import type { Settings } from '../core/options.ts'

/** Something that stops a browser on the frontend from logging in, with the variable to change and a value that works. */
export interface Problem {
  readonly variable: string
  readonly value: string
  readonly why: string
  /** Other settings the fix needs, or an alternative to it. */
  readonly also?: string
}

export interface CookieFate {
  readonly name: string
  readonly attributes: string
  readonly stored: boolean
}

export interface FrontendReport {
  readonly frontend: string
  readonly relation: SiteRelation
  readonly cookies: readonly CookieFate[]
  readonly notes: readonly string[]
  readonly problems: readonly Problem[]
}

export interface DoctorInput {
  readonly settings: Settings
  /** The API's public URL as browsers reach it. */
  readonly api: string
  readonly trustProxy: boolean | number | readonly string[]
}

function add(list: readonly string[], item: string): string {
  return [...list, item].join(',')
}

function cookieAttributes(settings: Settings): {
  name: string
  secure: boolean
  sameSite: string
  httpOnly: boolean
  domain: string | null
  path: string
}[] {
  const { cookies, csrf } = settings
  return [
    {
      name: cookies.accessName,
      secure: cookies.secure,
      sameSite: cookies.sameSite,
      httpOnly: cookies.httpOnly,
      domain: cookies.domain,
      path: cookies.accessPath,
    },
    {
      name: cookies.refreshName,
      secure: cookies.secure,
      sameSite: cookies.sameSite,
      httpOnly: cookies.httpOnly,
      domain: cookies.domain,
      path: cookies.refreshPath,
    },
    {
      name: csrf.cookieName,
      secure: csrf.cookieSecure,
      sameSite: csrf.cookieSameSite,
      httpOnly: false,
      domain: csrf.cookieDomain,
      path: '/',
    },
  ]
}

/** RFC 6265 §5.1.3 domain-match: the host is the domain or a subdomain of it. */
function domainMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase().replace(/^\./, '')
  return host === d || host.endsWith(`.${d}`)
}

/**
 * Whether a browser on `frontend` can log in to the API and stay logged in, judged as the browser will: the site
 * relation (schemeful; registrable domain by the last two labels, see `core/browser/site.ts`), each cookie's fate,
 * CORS, CSRF trusted origins, Secure against the scheme, the cookie domain against the host, ALLOWED_HOSTS and the
 * proxy settings. Every problem names the variable to change and a value that would work.
 *
 * @example diagnose(input, 'http://localhost:5173').problems // [{ variable: 'LATCHKEY_CORS_ALLOWED_ORIGINS', … }]
 */
export function diagnose(input: DoctorInput, frontend: string): FrontendReport {
  const { settings } = input
  const app = parseOrigin(frontend)
  const api = parseOrigin(input.api)
  if (app === undefined || api === undefined) throw new TypeError('frontend and API must be http(s) origins')
  const relation = siteRelation(app.origin, api.origin) as SiteRelation
  const problems: Problem[] = []
  const notes: string[] = []
  const apiHostPort = new URL(input.api).host

  if (app.scheme === 'https' && api.scheme === 'http')
    problems.push({
      variable: '--api',
      value: input.api.replace(/^http:/, 'https:'),
      why: `a page on https cannot call an http API (mixed content is blocked): serve the API over https`,
    })

  const cookies = cookieAttributes(settings).map((c) => {
    let stored = true
    if (c.secure && api.scheme === 'http' && !isLoopbackHost(api.host)) {
      stored = false
      const variable =
        c.name === settings.csrf.cookieName ? 'LATCHKEY_CSRF_COOKIE_SECURE' : 'LATCHKEY_COOKIE_SECURE'
      if (!problems.some((p) => p.variable === variable))
        problems.push({
          variable,
          value: 'false',
          why: `${c.name} is Secure but the API is plain http on ${api.host}, where browsers drop Secure cookies; use false in development, or serve the API over https`,
        })
    }
    if (relation === 'cross-site' && c.sameSite !== 'None') {
      stored = false
      const csrfCookie = c.name === settings.csrf.cookieName
      const variable = csrfCookie ? 'LATCHKEY_CSRF_COOKIE_SAMESITE' : 'LATCHKEY_COOKIE_SAMESITE'
      // The CSRF cookie follows LATCHKEY_COOKIE_SAMESITE unless set apart: one fix covers both.
      const covered = csrfCookie && c.sameSite === settings.cookies.sameSite
      const port = new URL(input.api).port
      const sameSiteApi =
        isLoopbackHost(app.host) && isLoopbackHost(api.host)
          ? `${api.scheme}://${app.host}${port === '' ? '' : `:${port}`}`
          : undefined
      const secureToo = csrfCookie ? 'LATCHKEY_CSRF_COOKIE_SECURE=true' : 'LATCHKEY_COOKIE_SECURE=true'
      if (!covered && !problems.some((p) => p.variable === variable))
        problems.push({
          variable,
          value: 'None',
          why: `${c.name} is SameSite=${c.sameSite} and ${app.origin} is another site than ${api.origin}, so the browser drops it`,
          also:
            sameSiteApi === undefined
              ? `with ${secureToo} (over https, or on a loopback host); or serve the app and the API on one site (subdomains of one domain)`
              : `with ${secureToo}; or better, keep one site: call the API as ${sameSiteApi}, the page's own host name`,
        })
    }
    if (c.domain !== null && !domainMatches(api.host, c.domain)) {
      stored = false
      const variable =
        c.name === settings.csrf.cookieName ? 'LATCHKEY_CSRF_COOKIE_DOMAIN' : 'LATCHKEY_COOKIE_DOMAIN'
      if (!problems.some((p) => p.variable === variable))
        problems.push({
          variable,
          value:
            isLoopbackHost(api.host) || /^[\d.]+$/.test(api.host) ? '(unset)' : registrableDomain(api.host),
          why: `${c.name} has Domain=${c.domain}, which does not cover the API host ${api.host}: the browser refuses it`,
        })
    }
    const attributes = [
      c.httpOnly ? 'HttpOnly' : 'readable by scripts',
      c.secure ? 'Secure' : 'not Secure',
      `SameSite=${c.sameSite}`,
      c.domain === null ? `host-only (${api.host})` : `Domain=${c.domain}`,
      `Path=${c.path}`,
    ].join('; ')
    return { name: c.name, attributes, stored }
  })
  if (relation === 'cross-site' && cookies.every((c) => c.stored))
    notes.push(
      'cross-site cookies (SameSite=None) are refused by browsers that block third-party cookies (Safari, Firefox strict mode, Chrome incognito): prefer one site',
    )

  if (relation !== 'same-origin') {
    if (!settings.cors.allowedOrigins.includes(app.origin))
      problems.push({
        variable: 'LATCHKEY_CORS_ALLOWED_ORIGINS',
        value: add(settings.cors.allowedOrigins, app.origin),
        why: `${app.origin} is not allowed by CORS: the browser hides every answer from the page (the client reports cors_rejected)`,
      })
    if (!isTrustedOrigin(app.origin, settings.csrf.trustedOrigins))
      problems.push({
        variable: 'LATCHKEY_CSRF_TRUSTED_ORIGINS',
        value: add(settings.csrf.trustedOrigins, app.origin),
        why: `${app.origin} is not trusted for CSRF: login and every unsafe request from it answer 403 csrf_failed`,
      })
    const readable =
      settings.csrf.cookieDomain === null
        ? app.host === api.host
        : domainMatches(app.host, settings.csrf.cookieDomain)
    if (!readable)
      notes.push(
        `the page cannot read the ${settings.csrf.cookieName} cookie of ${api.host}; the client takes the CSRF token from GET /accounts/csrf_token/ instead (nothing to do)`,
      )
  }

  if (!isAllowedHost(apiHostPort, settings.allowedHosts))
    problems.push({
      variable: 'LATCHKEY_ALLOWED_HOSTS',
      value: add(settings.allowedHosts, api.host),
      why: `the API host ${api.host} is not in LATCHKEY_ALLOWED_HOSTS: every request answers 400`,
    })

  if (api.scheme === 'https') {
    if (input.trustProxy === false)
      problems.push({
        variable: 'LATCHKEY_TRUST_PROXY',
        value: '<the TLS proxy address, e.g. 10.0.0.0/8>',
        why: 'the API is public over https, so a TLS proxy sits in front of Latchkey (which serves http); without trusting it, Latchkey sees http: the CSRF Origin check compares against http:// and refuses logins',
      })
    else notes.push('the TLS proxy must send X-Forwarded-Proto: https (and X-Forwarded-For)')
  }
  return { frontend: app.origin, relation, cookies, notes, problems }
}
