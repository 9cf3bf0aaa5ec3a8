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
  return typeof value === 'string' && TOKEN_ID.test(value)
}

const TOKEN_ID = /^[0-9a-f]{32}$/
