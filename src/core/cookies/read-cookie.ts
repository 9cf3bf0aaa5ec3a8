import { type HeaderMap, headerValue } from '../http.ts'

/** What a request carries under one cookie name. */
export type CookieRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'value'; readonly value: string }
  /**
   * The name came more than once (in one header or across several). Browsers order same-named cookies by path,
   * so a sibling subdomain can plant one that wins: we never pick, we refuse (RFC 6265bis §4.2.2).
   */
  | { readonly kind: 'duplicate' }

const ABSENT: CookieRead = { kind: 'absent' }
const DUPLICATE: CookieRead = { kind: 'duplicate' }

/** The value each name holds, or DUPLICATE; what a request's Cookie header says, parsed once. */
type CookieJar = ReadonlyMap<string, CookieRead>

const EMPTY_JAR: CookieJar = new Map()

/**
 * Each request's cookies, parsed on the first read and kept with its headers: several flows read cookies from one
 * request (the CSRF cookie, then the access or refresh cookie), and the header is scanned once. Keyed weakly by the
 * headers object, so a jar lives exactly as long as its request.
 */
const jars = new WeakMap<HeaderMap, CookieJar>()

function parseCookies(raw: string | readonly string[] | undefined): CookieJar {
  if (raw === undefined) return EMPTY_JAR
  // HTTP/2 may split cookies over several fields (RFC 9113 §8.2.3); Node joins them with '; ' into one string.
  const text = typeof raw === 'string' ? raw : raw.join('; ')
  // A Map, not an object: a cookie named `__proto__` or `constructor` is only a name here.
  const jar = new Map<string, CookieRead>()
  let start = 0
  while (start < text.length) {
    let end = text.indexOf(';', start)
    if (end === -1) end = text.length
    const eq = text.indexOf('=', start)
    if (eq !== -1 && eq < end) {
      const key = text.slice(start, eq).trim()
      const value = text.slice(eq + 1, end).trim()
      jar.set(key, jar.has(key) ? DUPLICATE : { kind: 'value', value })
    }
    start = end + 1
  }
  return jar
}

/**
 * Reads one cookie by its exact, case-sensitive name. Values are taken verbatim: no quote stripping, no percent
 * decoding, since Latchkey never issues either form and a second spelling of a token must not be a second token.
 * An empty value counts as absent, as in the reference.
 */
export function readCookie(headers: HeaderMap, name: string): CookieRead {
  let jar = jars.get(headers)
  if (jar === undefined) {
    jar = parseCookies(headers.cookie)
    jars.set(headers, jar)
  }
  const read = jar.get(name)
  if (read === undefined || (read.kind === 'value' && read.value === '')) return ABSENT
  return read
}

/** Whether the request sent a Cookie header at all (used only for `Vary`). */
export function hasCookieHeader(headers: HeaderMap): boolean {
  return headerValue(headers, 'cookie') !== undefined
}
