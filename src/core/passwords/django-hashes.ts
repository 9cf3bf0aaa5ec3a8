import { pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { verify as argon2Verify } from '@node-rs/argon2'

const pbkdf2Async = promisify(pbkdf2)

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
 * Checks a password against a hash in one of Django's formats: `pbkdf2_sha256$…` (Django's default),
 * `pbkdf2_sha1$…` and `argon2$argon2…$…`. Anything else, including Django's unusable `!…` marker, is not a match.
 * Never throws.
 *
 * @example
 * await verifyDjangoHash('pbkdf2_sha256$870000$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac=', 'lètmein') // true
 */
export async function verifyDjangoHash(encoded: string, password: string): Promise<boolean> {
  try {
    if (DJANGO_ARGON2.test(encoded)) return await argon2Verify(encoded.slice('argon2'.length), password)
    if (encoded.startsWith('pbkdf2_')) return await verifyPbkdf2(encoded, password)
    return false
  } catch {
    // A garbled hash (bad base64, impossible parameters) is a stored value we cannot use, not a server error.
    return false
  }
}
