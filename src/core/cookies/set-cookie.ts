import type { SetCookie } from '../http.ts'
import { cookieFault } from './cookie-attributes.ts'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** RFC 1123 date as Python's `http.cookies` writes it: `Sun, 21 Nov 2027 10:11:02 GMT`. */
export function cookieDate(epochMs: number): string {
  const d = new Date(epochMs)
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(
    d.getUTCHours(),
  )}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`
}

/**
 * Serialises a cookie exactly as Django's `SimpleCookie` does, attributes in its (alphabetical) order: Domain,
 * expires, HttpOnly, Max-Age, Path, SameSite, Secure. A deletion (maxAge 0) writes the literal `""` value and the
 * epoch date, as Django's `delete_cookie`. Every attribute is checked against the same grammar `resolveOptions`
 * enforces (`cookie-attributes.ts`), so nothing can be smuggled into the header even past the options.
 */
export function serializeSetCookie(cookie: SetCookie, nowMs: number): string {
  const fault = cookieFault(cookie)
  if (fault !== undefined) throw new Error(`refusing to write a Set-Cookie header: ${fault}`)
  const deleting = cookie.maxAge === 0
  let out = `${cookie.name}=${deleting ? '""' : cookie.value}`
  if (cookie.domain !== null) out += `; Domain=${cookie.domain}`
  out += `; expires=${deleting ? 'Thu, 01 Jan 1970 00:00:00 GMT' : cookieDate(nowMs + cookie.maxAge * 1000)}`
  if (cookie.httpOnly) out += '; HttpOnly'
  out += `; Max-Age=${cookie.maxAge}; Path=${cookie.path}`
  if (cookie.sameSite !== null) out += `; SameSite=${cookie.sameSite}`
  if (cookie.secure) out += '; Secure'
  return out
}
