/**
 * Sites as browsers judge them for cookies (RFC 6265bis §5.2, HTML's "same site"): a site is a scheme plus a
 * registrable domain. The exact rule needs the Public Suffix List; Latchkey ships none, so it takes the last two
 * labels of a host name, or three under the well-known multi-label suffixes below (`co.uk`, `github.io`, …). An IP
 * address is its own site, and so is `localhost`; `app.localhost` and `api.localhost` are different sites, as in
 * Chromium (no PSL rule for `localhost`, so the default `*` rule makes each name registrable). The answer can be
 * wrong only for a rarer multi-label public suffix, where it says "same-site" for two tenants that are not.
 */

/** Public suffixes of two labels common enough to matter (a sample of the PSL's ICANN and private sections). */
const MULTI_LABEL_SUFFIXES: ReadonlySet<string> = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'co.jp',
  'ne.jp',
  'co.in',
  'com.br',
  'com.cn',
  'com.mx',
  'co.za',
  'com.tr',
  'com.sg',
  'com.hk',
  'github.io',
  'gitlab.io',
  'herokuapp.com',
  'vercel.app',
  'netlify.app',
  'pages.dev',
  'workers.dev',
  'web.app',
  'firebaseapp.com',
  'azurewebsites.net',
  'cloudfront.net',
  'onrender.com',
  'fly.dev',
  'appspot.com',
  'ngrok.io',
  'ngrok-free.app',
  'trycloudflare.com',
])

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

export function isIpAddress(host: string): boolean {
  return IPV4.test(host) || host.startsWith('[') || host.includes(':')
}

/**
 * The registrable domain of a host name (lower-case, no port), or the host itself for an IP address or a single
 * label.
 *
 * @example registrableDomain('api.example.co.uk') // 'example.co.uk'
 */
export function registrableDomain(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, '')
  if (isIpAddress(name)) return name
  const labels = name.split('.')
  if (labels.length <= 2) return name
  const lastTwo = labels.slice(-2).join('.')
  return MULTI_LABEL_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo
}

export type SiteRelation = 'same-origin' | 'same-site' | 'cross-site'

/** `scheme`, `host` (no port) and the serialised origin, or undefined for anything that is not an http(s) origin. */
export function parseOrigin(origin: string): { scheme: string; host: string; origin: string } | undefined {
  if (!URL.canParse(origin)) return undefined
  const url = new URL(origin)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  return { scheme: url.protocol.slice(0, -1), host: url.hostname, origin: url.origin }
}

/**
 * How a browser relates two origins: schemeful, as Chromium and the HTML standard do (`http://a.example` and
 * `https://a.example` are different sites).
 *
 * @example siteRelation('http://localhost:5173', 'http://127.0.0.1:8000') // 'cross-site'
 */
export function siteRelation(a: string, b: string): SiteRelation | undefined {
  const x = parseOrigin(a)
  const y = parseOrigin(b)
  if (x === undefined || y === undefined) return undefined
  if (x.origin === y.origin) return 'same-origin'
  if (x.scheme === y.scheme && registrableDomain(x.host) === registrableDomain(y.host)) return 'same-site'
  return 'cross-site'
}

/**
 * Hosts a browser treats as potentially trustworthy over plain http (W3C Secure Contexts §3.1): loopback
 * addresses and `localhost` names. Chromium stores `Secure` cookies set over http on these, and only on these.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[|\]$/g, '')
  return (
    name === 'localhost' || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name) || name === '::1'
  )
}
