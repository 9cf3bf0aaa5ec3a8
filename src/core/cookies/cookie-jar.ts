import type { AuthRequest, HeaderValue } from '../http.ts'

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

/** A character `trim()` never removes: visible ASCII (every whitespace it removes is a space, a control or non-ASCII). */
function visible(code: number): boolean {
  return code > 32 && code < 127
}

/**
 * `text.slice(from, to).trim()`, without the copy and the trim where the ends are visible already (a cookie header
 * is read on every authenticated request, and nearly always is that tidy).
 */
function trimmed(text: string, from: number, to: number): string {
  if (from < to && visible(text.charCodeAt(from)) && visible(text.charCodeAt(to - 1)))
    return text.slice(from, to)
  return text.slice(from, to).trim()
}

/** Whether `text.slice(from, to).trim() === name`, without a copy where the pair is tidy (`; name=`). */
function keyEquals(text: string, from: number, to: number, name: string): boolean {
  let start = from
  while (start < to && text.charCodeAt(start) === 32) start++
  if (start < to && visible(text.charCodeAt(start)) && visible(text.charCodeAt(to - 1)))
    return to - start === name.length && text.startsWith(name, start)
  return text.slice(from, to).trim() === name
}

/**
 * A request's cookies, parsed once: on the first read, one pass over the Cookie header notes where each
 * `name=value` pair and its `=` are; every read then compares names in place, and copies out only the value asked
 * for. No map of every cookie is built (a browser sends the app's and third parties' cookies too, and the usual
 * request reads one of them). Values are taken verbatim: no quote stripping, no percent decoding, since Latchkey
 * never issues either form and a second spelling of a token must not be a second token. An empty value counts as
 * absent, as in the reference.
 *
 * @example
 * const jar = new CookieJar(headers.cookie)
 * const access = jar.get('access_token') // { kind: 'value', value: 'eyJ…' }
 */
export class CookieJar {
  readonly #text: string
  /** Three numbers a pair that has a `=`: where it starts, where its `=` is, and where it ends. */
  #pairs: number[] | undefined

  constructor(header: HeaderValue) {
    // HTTP/2 may split cookies over several fields (RFC 9113 §8.2.3); Node joins them with '; ' into one string.
    this.#text = header === undefined ? '' : typeof header === 'string' ? header : header.join('; ')
  }

  /** The cookie of this exact, case-sensitive name. */
  get(name: string): CookieRead {
    const text = this.#text
    this.#pairs ??= pairsOf(text)
    const pairs = this.#pairs
    let found: string | undefined
    for (let i = 0; i < pairs.length; i += 3) {
      const eq = pairs[i + 1] as number
      if (!keyEquals(text, pairs[i] as number, eq, name)) continue
      if (found !== undefined) return DUPLICATE
      found = trimmed(text, eq + 1, pairs[i + 2] as number)
    }
    if (found === undefined || found === '') return ABSENT
    return { kind: 'value', value: found }
  }
}

/** Where each pair of a Cookie header starts, has its `=`, and ends (pairs without a `=` name nothing). */
function pairsOf(text: string): number[] {
  const pairs: number[] = []
  let start = 0
  while (start < text.length) {
    let end = text.indexOf(';', start)
    if (end === -1) end = text.length
    const eq = text.indexOf('=', start)
    if (eq !== -1 && eq < end) pairs.push(start, eq, end)
    start = end + 1
  }
  return pairs
}

/** Jars of requests that came without one (built by hand for `latchkey.flows`), each made once. */
const JARS = new WeakMap<AuthRequest, CookieJar>()

/**
 * A request's cookies: its own jar (every request Latchkey builds has one), or one made once for a request that has
 * none.
 *
 * @example
 * const refresh = cookiesOf(request).get(ctx.settings.cookies.refreshName)
 */
export function cookiesOf(request: AuthRequest): CookieJar {
  if (request.cookies !== undefined) return request.cookies
  let jar = JARS.get(request)
  if (jar === undefined) {
    jar = new CookieJar(request.headers.cookie)
    JARS.set(request, jar)
  }
  return jar
}
