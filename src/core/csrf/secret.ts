import { timingSafeEqual } from 'node:crypto'
import type { RandomSource } from '../random.ts'

/** Django's CSRF_ALLOWED_CHARS: secrets, masks and tokens are drawn from these 62 characters. */
export const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
export const CSRF_SECRET_LENGTH = 32
export const CSRF_TOKEN_LENGTH = 64
const VALID = /^[A-Za-z0-9]*$/
const INDEX: ReadonlyMap<string, number> = new Map([...CSRF_ALLOWED_CHARS].map((c, i) => [c, i]))

/** `length` characters from the alphabet, without modulo bias (bytes ≥ 248 are redrawn). */
function randomChars(length: number, random: RandomSource): string {
  let out = ''
  while (out.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte < 248) out += CSRF_ALLOWED_CHARS[byte % 62]
      if (out.length === length) break
    }
  }
  return out
}

function index(char: string): number {
  return INDEX.get(char) ?? 0
}

/** A new 32-character secret: the value of the `csrftoken` cookie. */
export function newCsrfSecret(random: RandomSource): string {
  return randomChars(CSRF_SECRET_LENGTH, random)
}

/**
 * Django's `_mask_cipher_secret`: a fresh 32-character mask followed by the secret shifted by it, so every response
 * carries a different token for the same secret (BREACH).
 */
export function maskCsrfSecret(secret: string, random: RandomSource): string {
  const mask = randomChars(CSRF_SECRET_LENGTH, random)
  let cipher = ''
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++)
    cipher += CSRF_ALLOWED_CHARS[(index(secret[i] as string) + index(mask[i] as string)) % 62]
  return mask + cipher
}

/** Django's `_unmask_cipher_token`. */
export function unmaskCsrfToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH)
  const cipher = token.slice(CSRF_SECRET_LENGTH)
  let secret = ''
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++)
    secret += CSRF_ALLOWED_CHARS[(((index(cipher[i] as string) - index(mask[i] as string)) % 62) + 62) % 62]
  return secret
}

export type FormatProblem = 'has incorrect length' | 'has invalid characters'

/** Django's `_check_token_format`: 32 or 64 characters of the alphabet. */
export function tokenFormatProblem(token: string): FormatProblem | undefined {
  if (token.length !== CSRF_SECRET_LENGTH && token.length !== CSRF_TOKEN_LENGTH) return 'has incorrect length'
  if (!VALID.test(token)) return 'has invalid characters'
  return undefined
}

/**
 * The secret a `csrftoken` cookie holds. A 64-character cookie is a pre-Django-4.1 masked value and is unmasked,
 * as Django's `_get_secret` does.
 */
export function csrfSecretFromCookie(
  value: string,
): { ok: true; secret: string } | { ok: false; reason: `CSRF cookie ${FormatProblem}.` } {
  const problem = tokenFormatProblem(value)
  if (problem !== undefined) return { ok: false, reason: `CSRF cookie ${problem}.` }
  return { ok: true, secret: value.length === CSRF_TOKEN_LENGTH ? unmaskCsrfToken(value) : value }
}

/** Django's `_does_token_match`: unmask a 64-character token, then compare in constant time. */
export function csrfTokenMatches(token: string, secret: string): boolean {
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskCsrfToken(token) : token
  const a = Buffer.from(candidate)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}
