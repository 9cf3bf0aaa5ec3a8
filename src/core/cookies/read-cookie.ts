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
 * Reads one cookie by its exact, case-sensitive name. Values are taken verbatim: no quote stripping, no percent
 * decoding, since Latchkey never issues either form and a second spelling of a token must not be a second token.
 * An empty value counts as absent, as in the reference.
 */
export function readCookie(headers: HeaderMap, name: string): CookieRead {
  const raw = headers.cookie
  if (raw === undefined) return ABSENT
  // HTTP/2 may split cookies over several fields (RFC 9113 §8.2.3); Node joins them with '; ' into one string.
  const text = typeof raw === 'string' ? raw : raw.join('; ')
  let found: string | undefined
  let start = 0
  while (start < text.length) {
    let end = text.indexOf(';', start)
    if (end === -1) end = text.length
    const eq = text.indexOf('=', start)
    if (eq !== -1 && eq < end && keyEquals(text, start, eq, name)) {
      if (found !== undefined) return DUPLICATE
      found = trimmed(text, eq + 1, end)
    }
    start = end + 1
  }
  if (found === undefined || found === '') return ABSENT
  return { kind: 'value', value: found }
}

/** Whether the request sent a Cookie header at all (used only for `Vary`). */
export function hasCookieHeader(headers: HeaderMap): boolean {
  return headerValue(headers, 'cookie') !== undefined
}
