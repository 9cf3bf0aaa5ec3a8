/**
 * The one shape of every identifier Latchkey mints and later looks up: session ids (`sid`) and token ids (`jti`)
 * are 128 random bits as 32 lowercase hex characters (`randomHex128`, the shape of SimpleJWT's `uuid4().hex` jti).
 * Anything else — a NUL byte, invalid UTF-8, a megabyte of text — was not minted here and is refused as the flow's
 * usual error before it reaches a query (OWASP ASVS 5.0 1.2.4 and 2.2.1: validate input against an allow-list
 * before use).
 *
 * @example isTokenId('3f0c…32 hex…') // true; isTokenId('%00') // false
 */
export function isTokenId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 32) return false
  // `/^[0-9a-f]{32}$/`, checked by character code: every authenticated request checks its token's `sid`, and a
  // regular expression costs it about three times as many instructions as this loop.
  for (let i = 0; i < 32; i++) {
    const code = value.charCodeAt(i)
    if ((code < 48 || code > 57) && (code < 97 || code > 102)) return false
  }
  return true
}
