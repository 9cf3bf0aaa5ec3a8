/**
 * ECDSA signatures are malleable: if (r, s) is valid, so is (r, n - s). A JWT's signature is part of its text, so a
 * twin token with the other S would pass as a different token (defeating any check keyed by the token text, such as
 * a cache or a deny-list). Latchkey signs only the low-S form and refuses the high-S twin, as Bitcoin's BIP 62 and
 * the JOSE libraries that fixed this do (e.g. `@noble/curves`' `lowS`; RFC 7518 §3.4 fixes the signature as the
 * 64-byte `r || s` of P-256).
 */

/** The order n of the P-256 group (SEC 2, §2.4.2), and half of it. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n
const HALF_ORDER = P256_ORDER >> 1n
const PART = 32

function scalar(bytes: Buffer): bigint {
  return BigInt(`0x${bytes.toString('hex') || '0'}`)
}

/** Whether an ES256 JWS signature (base64url) is 64 bytes with `s` in the low half: the only form accepted. */
export function isLowSSignature(signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64url')
  if (bytes.length !== 2 * PART) return false
  const s = scalar(bytes.subarray(PART))
  return s >= 1n && s <= HALF_ORDER
}

/**
 * The same signature with `s` replaced by `n - s`: the low-S form of a high-S signature, and the high-S twin of a
 * low-S one (tests use it to build the twin).
 *
 * @example flipS(signature) // another valid signature of the same message
 */
export function flipS(signature: string): string {
  const bytes = Buffer.from(signature, 'base64url')
  const s = P256_ORDER - scalar(bytes.subarray(PART))
  const flipped = Buffer.from(s.toString(16).padStart(2 * PART, '0'), 'hex')
  return Buffer.concat([bytes.subarray(0, PART), flipped]).toString('base64url')
}

/** A freshly signed ES256 token in its low-S form. */
export function lowSToken(token: string): string {
  const dot = token.lastIndexOf('.')
  const signature = token.slice(dot + 1)
  return isLowSSignature(signature) ? token : `${token.slice(0, dot + 1)}${flipS(signature)}`
}

/** Whether an ES256 token's signature is in the accepted low-S form (checked before the signature is verified). */
export function hasLowSSignature(token: string): boolean {
  return isLowSSignature(token.slice(token.lastIndexOf('.') + 1))
}
