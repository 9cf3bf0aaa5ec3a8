import { createHash, pbkdf2, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { verify as argon2Verify } from '@node-rs/argon2'
import { verify as bcryptVerify } from '@node-rs/bcrypt'

const pbkdf2Async = promisify(pbkdf2)
const scryptAsync = promisify<string, string, number, ScryptOptions, Buffer>(scrypt)

/** Django's PBKDF2 hashers (django/contrib/auth/hashers.py): the prefix names the HMAC digest. */
const PBKDF2_DIGESTS: ReadonlyMap<string, { readonly digest: string; readonly bytes: number }> = new Map([
  ['pbkdf2_sha256', { digest: 'sha256', bytes: 32 }],
  ['pbkdf2_sha1', { digest: 'sha1', bytes: 20 }],
])

// Far above any Django default (5.1: 870,000; 6.0: 1,200,000) yet bounded, so one corrupt row cannot pin a
// libuv thread for minutes.
const MAX_ITERATIONS = 10_000_000

/**
 * `pbkdf2_sha256$<iterations>$<salt>$<base64 digest>` (and the older `pbkdf2_sha1$…`). Like Django's
 * PBKDF2PasswordHasher.verify, the digest is recomputed, re-encoded and compared as text in constant time, so a
 * digest or iteration count in any other spelling (missing padding, leading zeros) does not match.
 */
async function verifyPbkdf2(encoded: string, password: string): Promise<boolean> {
  const parts = encoded.split('$')
  if (parts.length !== 4) return false
  const [algorithm = '', iterationsText = '', salt = '', stored = ''] = parts
  const spec = PBKDF2_DIGESTS.get(algorithm)
  if (spec === undefined || salt === '' || !/^[1-9]\d{0,7}$/.test(iterationsText)) return false
  const iterations = Number(iterationsText)
  if (iterations > MAX_ITERATIONS) return false
  const digest = await pbkdf2Async(password, salt, iterations, spec.bytes, spec.digest)
  const actual = Buffer.from(digest.toString('base64'))
  const expected = Buffer.from(stored)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/**
 * Django's Argon2PasswordHasher stores `argon2` + argon2-cffi's PHC string (`argon2$argon2id$v=19$m=…`). Older
 * Django versions wrote argon2i, some without the `v=` field (version 0x10): argon2-cffi and @node-rs/argon2 both
 * read the variant and version from the string, so all of them verify.
 */
const DJANGO_ARGON2 = /^argon2\$argon2(?:id|i|d)\$/

/**
 * Django's BCryptSHA256PasswordHasher: `bcrypt_sha256$` + a bcrypt string of the password's SHA-256 as 64 lowercase
 * hex characters (so bcrypt's 72-byte truncation never applies; Django ticket #20138). bcrypt compares in constant
 * time itself.
 */
async function verifyBcryptSha256(encoded: string, password: string): Promise<boolean> {
  const data = encoded.slice('bcrypt_sha256$'.length)
  if (!/^\$2[abxy]?\$(0[4-9]|1\d|2\d|3[01])\$[./A-Za-z0-9]{53}$/.test(data)) return false
  return bcryptVerify(createHash('sha256').update(password, 'utf8').digest('hex'), data)
}

// Django's ScryptPasswordHasher (4.0+) default is N=2**14, r=8, p=1 (16 MiB); 256 MiB bounds a corrupt row.
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024

/**
 * `scrypt$<N>$<salt>$<r>$<p>$<base64 of a 64-byte key>`, Django 4.0+'s ScryptPasswordHasher
 * (`hashlib.scrypt(password, salt, n, r, p, dklen=64)`), compared as re-encoded text in constant time like Django.
 */
async function verifyScrypt(encoded: string, password: string): Promise<boolean> {
  const parts = encoded.split('$')
  if (parts.length !== 6) return false
  const [, nText = '', salt = '', rText = '', pText = '', stored = ''] = parts
  if (salt === '' || ![nText, rText, pText].every((n) => /^[1-9]\d{0,9}$/.test(n))) return false
  const [N, r, p] = [Number(nText), Number(rText), Number(pText)]
  // N a power of two above 1, as scrypt requires; memory 128·N·r (+ 128·r·p) within the bound.
  if (N < 2 || (N & (N - 1)) !== 0 || 128 * N * r + 128 * r * p > SCRYPT_MAX_MEMORY || p > 16) return false
  const key = await scryptAsync(password, salt, 64, { N, r, p, maxmem: SCRYPT_MAX_MEMORY + 1024 * 1024 })
  const actual = Buffer.from(key.toString('base64'))
  const expected = Buffer.from(stored)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** The prefix before the first `$`: Django's hasher `algorithm` name (`md5`, `bcrypt`, `unsalted_sha1`, …). */
export function djangoHashAlgorithm(encoded: string): string {
  const dollar = encoded.indexOf('$')
  return dollar < 0 ? '' : encoded.slice(0, dollar)
}

/**
 * Whether a stored value is in one of the formats Django 3.2–5.x's default PASSWORD_HASHERS write and Latchkey
 * verifies. False for the hashers Django ships but does not enable by default (`md5`, `sha1`, `unsalted_md5`,
 * `unsalted_sha1`, `crypt`, plain `bcrypt`): weak or truncating, and refused with a log line at login.
 *
 * @example
 * isSupportedDjangoHash('md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3') // false
 */
export function isSupportedDjangoHash(encoded: string): boolean {
  return SUPPORTED_DJANGO_HASHERS.includes(djangoHashAlgorithm(encoded))
}

/** The `algorithm` names of the Django hashers Latchkey verifies: Django 3.2–5.x's default PASSWORD_HASHERS. */
export const SUPPORTED_DJANGO_HASHERS: readonly string[] = [
  'pbkdf2_sha256',
  'pbkdf2_sha1',
  'argon2',
  'bcrypt_sha256',
  'scrypt',
]

/**
 * Checks a password against a hash in one of the formats of Django 3.2–5.x's default PASSWORD_HASHERS:
 * `pbkdf2_sha256$…` (Django's default), `pbkdf2_sha1$…`, `argon2$argon2…$…`, `bcrypt_sha256$$2b$…` and
 * `scrypt$…`. Anything else, including Django's unusable `!…` marker, is not a match. Never throws.
 *
 * @example
 * await verifyDjangoHash('pbkdf2_sha256$870000$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac=', 'lètmein') // true
 */
export async function verifyDjangoHash(encoded: string, password: string): Promise<boolean> {
  try {
    if (DJANGO_ARGON2.test(encoded)) return await argon2Verify(encoded.slice('argon2'.length), password)
    if (encoded.startsWith('pbkdf2_')) return await verifyPbkdf2(encoded, password)
    if (encoded.startsWith('bcrypt_sha256$')) return await verifyBcryptSha256(encoded, password)
    if (encoded.startsWith('scrypt$')) return await verifyScrypt(encoded, password)
    return false
  } catch {
    // A garbled hash (bad base64, impossible parameters) is a stored value we cannot use, not a server error.
    return false
  }
}
