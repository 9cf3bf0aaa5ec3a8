import type { SetCookie } from '../http.ts'

/**
 * The one definition of what may go into a `Set-Cookie` header, used twice: by `resolveOptions` to refuse a bad
 * setting at start-up with its name, and by the serializer to refuse (as a programming fault) a cookie that somehow
 * holds one anyway. A value written raw into the header must never be able to add an attribute or a header
 * (`example.com; SameSite=None` as a domain would do both): RFC 6265 §4.1.1's grammar, read strictly.
 */

/** `cookie-name = token` (RFC 6265 §4.1.1, RFC 9110 §5.6.2). */
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** `cookie-octet`: US-ASCII without controls, whitespace, DQUOTE, comma, semicolon and backslash. */
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/

/** A host name (RFC 1034 labels, as `domain-av` requires), optionally with the leading dot browsers ignore. */
const DOMAIN =
  /^\.?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

/** `path-value`: any CHAR except CTLs or ";" — and, stricter than the RFC, no whitespace; it must be absolute. */
const PATH = /^\/[\x21-\x3A\x3C-\x7E]*$/

export const SAME_SITE_VALUES: readonly string[] = ['Lax', 'Strict', 'None']

/** @example isCookieName('csrftoken') // true */
export function isCookieName(name: string): boolean {
  return NAME.test(name)
}

/** @example isCookieValue('a.b-c_d') // true; isCookieValue('x; Domain=evil') // false */
export function isCookieValue(value: string): boolean {
  return VALUE.test(value)
}

/** @example isCookieDomain('example.com') // true; isCookieDomain('example.com; SameSite=None') // false */
export function isCookieDomain(domain: string): boolean {
  return domain.length <= 253 && DOMAIN.test(domain)
}

/** @example isCookiePath('/accounts/auth/') // true; isCookiePath('/; Domain=x') // false */
export function isCookiePath(path: string): boolean {
  return PATH.test(path)
}

/**
 * Why a cookie cannot be serialised, or undefined when every attribute is well-formed. The serializer throws on an
 * answer, since options were validated at start-up and a bad cookie here is a bug, not input.
 *
 * @example cookieFault({ ...cookie, domain: 'a.com; Secure' }) // "cookie 'x': Domain 'a.com; Secure' …"
 */
export function cookieFault(cookie: SetCookie): string | undefined {
  if (!isCookieName(cookie.name)) return `cookie name '${cookie.name}' is not an RFC 6265 token`
  if (!isCookieValue(cookie.value))
    return `cookie '${cookie.name}': its value holds characters a cookie cannot`
  if (cookie.domain !== null && !isCookieDomain(cookie.domain))
    return `cookie '${cookie.name}': Domain '${cookie.domain}' is not a host name`
  if (!isCookiePath(cookie.path)) return `cookie '${cookie.name}': Path '${cookie.path}' is not a cookie path`
  if (cookie.sameSite !== null && !SAME_SITE_VALUES.includes(cookie.sameSite))
    return `cookie '${cookie.name}': SameSite must be Lax, Strict or None`
  return undefined
}
