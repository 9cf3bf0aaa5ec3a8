import { timingSafeEqual } from 'node:crypto'
import type { RandomSource } from '../random.ts'

/** Django's `CSRF_ALLOWED_CHARS` (`string.ascii_letters + string.digits`): secrets, masks and tokens use only these. */
export const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
/** The length of a secret, and of the `csrftoken` cookie since Django 4.1. */
export const CSRF_SECRET_LENGTH = 32
/** The length of a masked token: a 32-character mask followed by the 32-character cipher. */
export const CSRF_TOKEN_LENGTH = 64

const ALPHABET_SIZE = CSRF_ALLOWED_CHARS.length
// The largest multiple of 62 that fits in a byte: bytes from 248 up would favour the first 8 characters.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET_SIZE)
const INDEX: ReadonlyMap<string, number> = new Map([...CSRF_ALLOWED_CHARS].map((char, i) => [char, i]))
const INVALID_CHARS = /[^a-zA-Z0-9]/

/** `length` characters drawn uniformly from the alphabet, as Django's `get_random_string` (via `secrets.choice`). */
function randomChars(length: number, random: RandomSource): string {
  let out = ''
  while (out.length < length) {
    // Rejection sampling: about 3% of bytes are redrawn, so one extra batch is almost never needed.
    for (const byte of random.bytes(length - out.length + 8)) {
      if (byte >= UNBIASED_LIMIT) continue
      out += CSRF_ALLOWED_CHARS[byte % ALPHABET_SIZE]
      if (out.length === length) break
    }
  }
  return out
}

/** Positions of each character in the alphabet; throws on anything else (Python's `str.index` raises too). */
function indices(text: string, what: string): number[] {
  return [...text].map((char) => {
    const at = INDEX.get(char)
    if (at === undefined) throw new RangeError(`${what} holds a character outside CSRF_ALLOWED_CHARS`)
    return at
  })
}

/**
 * A new 32-character secret: the value of the `csrftoken` cookie (Django's `_get_new_csrf_string`).
 *
 * @example newCsrfSecret(cryptoRandom) // 'aOVWq3Q5rpuW4ivy1SBOmHqCLSahN2Ji'
 */
export function newCsrfSecret(random: RandomSource): string {
  return randomChars(CSRF_SECRET_LENGTH, random)
}

/**
 * Django's `_mask_cipher_secret`: a fresh random mask followed by the secret shifted by it, character by character,
 * modulo 62. Every call gives a different token for the same secret, so a compressed response body never repeats
 * the secret (BREACH; Django `docs/ref/csrf.txt`, "How it works").
 *
 * @example maskCsrfSecret(secret, cryptoRandom).length // 64, and unmaskCsrfToken(that) === secret
 */
export function maskCsrfSecret(secret: string, random: RandomSource): string {
  if (secret.length !== CSRF_SECRET_LENGTH) throw new RangeError('a CSRF secret has 32 characters')
  const plain = indices(secret, 'a CSRF secret')
  const mask = randomChars(CSRF_SECRET_LENGTH, random)
  const shift = indices(mask, 'a CSRF mask')
  let cipher = ''
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++)
    cipher += CSRF_ALLOWED_CHARS[((plain[i] as number) + (shift[i] as number)) % ALPHABET_SIZE]
  return mask + cipher
}

/**
 * Django's `_unmask_cipher_token`: the secret inside a 64-character masked token. The caller checks the format
 * first (`csrfTokenFormatProblem`); anything else is a programming error and throws.
 *
 * @example unmaskCsrfToken('1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD') // 'lccc…ssIC'
 */
export function unmaskCsrfToken(token: string): string {
  if (token.length !== CSRF_TOKEN_LENGTH) throw new RangeError('a masked CSRF token has 64 characters')
  const shift = indices(token.slice(0, CSRF_SECRET_LENGTH), 'a masked CSRF token')
  const cipher = indices(token.slice(CSRF_SECRET_LENGTH), 'a masked CSRF token')
  let secret = ''
  // Python indexes `chars[x - y]` with a negative number and wraps; JavaScript needs the modulus spelled out.
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++)
    secret +=
      CSRF_ALLOWED_CHARS[((cipher[i] as number) - (shift[i] as number) + ALPHABET_SIZE) % ALPHABET_SIZE]
  return secret
}

/** Django's `InvalidTokenFormat` reasons: phrases without a subject, shared by the cookie and the token. */
export type CsrfFormatProblem = 'has incorrect length' | 'has invalid characters'

/**
 * Django's `_check_token_format`: 32 (a secret) or 64 (a masked token) characters, all in the alphabet. Length is
 * counted in code points, as Python's `len`, so a token with an astral character is reported as Django reports it.
 */
export function csrfTokenFormatProblem(token: string): CsrfFormatProblem | undefined {
  // A string of more than 128 UTF-16 units has more than 64 code points: no need to walk a 100 000-character cookie.
  const length = token.length > 2 * CSRF_TOKEN_LENGTH ? token.length : [...token].length
  if (length !== CSRF_SECRET_LENGTH && length !== CSRF_TOKEN_LENGTH) return 'has incorrect length'
  if (INVALID_CHARS.test(token)) return 'has invalid characters'
  return undefined
}

export type CsrfCookieSecret =
  | { readonly ok: true; readonly secret: string }
  | { readonly ok: false; readonly reason: `CSRF cookie ${CsrfFormatProblem}.` }

/**
 * The secret a `csrftoken` cookie holds (Django's `_get_secret`). A 64-character cookie is a masked value from
 * Django before 4.1 and is unmasked, so those sessions keep working; the caller re-issues it as the bare secret.
 *
 * @example csrfSecretFromCookie('abc') // { ok: false, reason: 'CSRF cookie has incorrect length.' }
 */
export function csrfSecretFromCookie(value: string): CsrfCookieSecret {
  const problem = csrfTokenFormatProblem(value)
  if (problem !== undefined) return { ok: false, reason: `CSRF cookie ${problem}.` }
  return { ok: true, secret: value.length === CSRF_TOKEN_LENGTH ? unmaskCsrfToken(value) : value }
}

/**
 * Django's `_does_token_match`: a 64-character token is unmasked, a 32-character one is taken as the secret itself,
 * and the result is compared with the cookie's secret in constant time (`constant_time_compare`). The token must
 * have passed `csrfTokenFormatProblem`. `timingSafeEqual` throws on buffers of different lengths, so they are
 * refused before it is called; both sides are 32 ASCII characters in every real call.
 */
export function csrfTokenMatches(token: string, secret: string): boolean {
  const candidate = Buffer.from(token.length === CSRF_TOKEN_LENGTH ? unmaskCsrfToken(token) : token)
  const expected = Buffer.from(secret)
  return candidate.length === expected.length && timingSafeEqual(candidate, expected)
}
