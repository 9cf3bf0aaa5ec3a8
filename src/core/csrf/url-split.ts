import { isIPv6 } from 'node:net'

/** The five parts Python's `urllib.parse.urlsplit` returns. */
export interface SplitUrl {
  /** Lower-cased; '' when the text has no scheme. */
  readonly scheme: string
  /** `[userinfo@]host[:port]` as written (case kept); '' when the text has no `//` authority. */
  readonly netloc: string
  readonly path: string
  readonly query: string
  readonly fragment: string
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/
const IPV_FUTURE = /^v[a-fA-F0-9]+\..+$/

/**
 * Python 3.12's `urlsplit`, which Django's `_check_referer` and `_origin_verified` parse with. The WHATWG `URL`
 * parser disagrees with it on exactly the inputs Django's tests pin: `http://http://www.example.com/` has the host
 * `http:` (so it is "insecure", not "malformed"), `//example.com/` has no scheme, `https://` has no netloc, and
 * `https://[` is an error. Returns undefined where Python raises `ValueError`.
 */
export function splitUrl(text: string): SplitUrl | undefined {
  // urlsplit strips leading C0 controls and spaces, and deletes tabs and newlines anywhere (bpo-43882).
  let start = 0
  while (start < text.length && text.charCodeAt(start) <= 0x20) start++
  let url = text.slice(start).replace(/[\t\r\n]/g, '')
  let scheme = ''
  const colon = url.indexOf(':')
  if (colon > 0 && SCHEME.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase()
    url = url.slice(colon + 1)
  }
  let netloc = ''
  if (url.startsWith('//')) {
    let end = url.length
    for (const delimiter of ['/', '?', '#']) {
      const at = url.indexOf(delimiter, 2)
      if (at !== -1 && at < end) end = at
    }
    netloc = url.slice(2, end)
    url = url.slice(end)
    if (!bracketsValid(netloc)) return undefined
  }
  let fragment = ''
  const hash = url.indexOf('#')
  if (hash !== -1) {
    fragment = url.slice(hash + 1)
    url = url.slice(0, hash)
  }
  let query = ''
  const question = url.indexOf('?')
  if (question !== -1) {
    query = url.slice(question + 1)
    url = url.slice(0, question)
  }
  if (!nfkcSafe(netloc)) return undefined
  return { scheme, netloc, path: url, query, fragment }
}

/** Python's `SplitResult.geturl()` (urlunsplit), for a result that has a netloc. */
export function joinUrl(url: SplitUrl): string {
  let out = `//${url.netloc}${url.path !== '' && !url.path.startsWith('/') ? `/${url.path}` : url.path}`
  if (url.scheme !== '') out = `${url.scheme}:${out}`
  if (url.query !== '') out += `?${url.query}`
  if (url.fragment !== '') out += `#${url.fragment}`
  return out
}

/** "Invalid IPv6 URL": unbalanced brackets, or a bracketed host that is neither IPv6 nor IPvFuture. */
function bracketsValid(netloc: string): boolean {
  const open = netloc.includes('[')
  if (open !== netloc.includes(']')) return false
  if (!open) return true
  const inside = netloc.slice(netloc.indexOf('[') + 1)
  const host = inside.slice(0, inside.includes(']') ? inside.indexOf(']') : inside.length)
  return host.startsWith('v') ? IPV_FUTURE.test(host) : isIPv6(host)
}

/** Python's `_checknetloc`: a non-ASCII netloc must not grow URL delimiters under NFKC (CVE-2019-9636). */
function nfkcSafe(netloc: string): boolean {
  let ascii = true
  for (let i = 0; i < netloc.length && ascii; i++) ascii = netloc.charCodeAt(i) < 0x80
  if (ascii) return true
  const stripped = netloc.replace(/[@:#?]/g, '')
  const normalized = stripped.normalize('NFKC')
  return normalized === stripped || !/[/?#@:]/.test(normalized)
}
