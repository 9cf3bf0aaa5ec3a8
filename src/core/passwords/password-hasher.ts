import { availableParallelism } from 'node:os'
import { hash as argon2Hash, verify as argon2Verify, parseOptions } from '@node-rs/argon2'
import type { Settings } from '../options.ts'
import { Semaphore } from '../semaphore.ts'
import { djangoHashAlgorithm, isSupportedDjangoHash, verifyDjangoHash } from './django-hashes.ts'

/** Password hashing, off the event loop. */
export interface PasswordHasher {
  /**
   * An argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) with a fresh 16-byte random salt. The password
   * is hashed exactly as given (UTF-8): no normalisation, no trimming, no truncation.
   */
  hash(password: string): Promise<string>
  /**
   * Checks a password against a stored hash: argon2 PHC strings (ours), and Django's `pbkdf2_sha256$…`,
   * `pbkdf2_sha1$…` and `argon2$argon2…$…` so users imported from the reference log in. `needsRehash` is true
   * only for a valid password whose hash is not argon2id with the current parameters: the caller then stores
   * `hash(password)`. Never throws: an unknown or garbled format is `{ valid: false, needsRehash: false }`, and a
   * hash of a Django hasher Latchkey does not verify (`md5`, `sha1`, plain `bcrypt`, …) names it in
   * `unsupported`, so the caller can log it.
   */
  verify(encoded: string, password: string): Promise<PasswordCheck>
  /**
   * Exactly one argon2id verification with the current parameters, whose outcome is thrown away: what a login for
   * an unknown username costs, so it takes as long as a wrong password (Django's ModelBackend hashes for a missing
   * user the same way; Django's `test_authentication_timing`; ASVS 5.0 6.3.8).
   */
  verifyDummy(password: string): Promise<void>
}

export interface PasswordCheck {
  readonly valid: boolean
  readonly needsRehash: boolean
  /** The algorithm of a Django hash in a format Latchkey refuses (`md5`, `bcrypt`, …). */
  readonly unsupported?: string
}

const INVALID = { valid: false, needsRehash: false } as const

// @node-rs/argon2's defaults, which `hash` uses: a 32-byte digest and a 16-byte (128-bit) salt.
const OUTPUT_BYTES = 32
const SALT_BYTES = 16

/**
 * The PHC string of a hash with the current parameters that no password produces: an all-zero salt and digest
 * ('A' is zero in base64). Verifying against it runs the full argon2id computation and then fails the comparison,
 * so it costs the same as verifying a real hash, and it needs no hashing to make, so even the first unknown-user
 * login costs one computation, not two.
 */
function dummyHash(params: PasswordHashingParams): string {
  const salt = 'A'.repeat(Math.ceil((SALT_BYTES * 4) / 3))
  const digest = 'A'.repeat(Math.ceil((OUTPUT_BYTES * 4) / 3))
  return `${currentPrefix(params)}${salt}$${digest}`
}

function currentPrefix(params: PasswordHashingParams): string {
  return `$argon2id$v=19$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}$`
}

/** Anything but argon2id, version 0x13, the current m/t/p, our digest length and a 128-bit salt is upgraded. */
function isCurrent(encoded: string, prefix: string): boolean {
  if (!encoded.startsWith(prefix)) return false
  const parsed = parseOptions(encoded)
  return parsed.outputLen === OUTPUT_BYTES && parsed.saltLen >= SALT_BYTES
}

/**
 * argon2id through @node-rs/argon2 (native, async on libuv's pool, ~9 ms at OWASP's parameters). The algorithm
 * option is left out on purpose: its default is argon2id, and its const enum does not exist at runtime under type
 * stripping (STACK-NOTES "Passwords").
 *
 * @example
 * const hasher = createPasswordHasher(settings.passwordHashing)
 * const stored = await hasher.hash('correct horse battery staple')
 * await hasher.verify(stored, 'correct horse battery staple') // { valid: true, needsRehash: false }
 */
/** The hashing settings; `concurrency` defaults to one less than the CPUs, at least one. */
export type PasswordHashingParams = Omit<Settings['passwordHashing'], 'concurrency'> & {
  readonly concurrency?: number
}

/**
 * `legacyHash`, when given, is one of the Django hashes still stored (imported users who have not logged in since):
 * while such hashes exist, a login against an argon2id hash or an unknown username also verifies against it, and a
 * wrong password against a Django hash also pays one argon2id verification, so every login costs one Django check
 * plus one argon2id check whichever user it names (Django's `harden_runtime` does the same for outdated hashes).
 */
export function createPasswordHasher(params: PasswordHashingParams, legacyHash?: string): PasswordHasher {
  const options = {
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  }
  const prefix = currentPrefix(params)
  const dummy = dummyHash(params)
  // Every hash, verification and dummy takes a turn, so at most `concurrency` run on the thread pool at once.
  const turns = new Semaphore(params.concurrency ?? Math.max(1, availableParallelism() - 1))
  const argon2Dummy = async (password: string) => {
    try {
      await turns.run(() => argon2Verify(dummy, password))
    } catch {
      // Never reached with a well-formed dummy; the outcome is irrelevant either way, only the time matters.
    }
  }
  const legacyDummy = async (password: string) => {
    if (legacyHash !== undefined) await turns.run(() => verifyDjangoHash(legacyHash, password))
  }
  return {
    hash: (password) => turns.run(() => argon2Hash(password, options)),
    async verify(encoded, password) {
      try {
        if (encoded.startsWith('$argon2')) {
          const valid = await turns.run(() => argon2Verify(encoded, password))
          await legacyDummy(password)
          return { valid, needsRehash: valid && !isCurrent(encoded, prefix) }
        }
        if (!isSupportedDjangoHash(encoded)) {
          await argon2Dummy(password)
          await legacyDummy(password)
          const algorithm = djangoHashAlgorithm(encoded)
          return algorithm === '' || encoded.startsWith('!')
            ? INVALID
            : { ...INVALID, unsupported: algorithm }
        }
        const valid = await turns.run(() => verifyDjangoHash(encoded, password))
        // A valid one is re-hashed by the caller (one argon2id hash); a wrong one pays the same here.
        if (!valid) await argon2Dummy(password)
        return { valid, needsRehash: valid }
      } catch {
        // A garbled hash is a stored value we cannot use, not a server error.
        return INVALID
      }
    },
    async verifyDummy(password) {
      await argon2Dummy(password)
      await legacyDummy(password)
    },
  }
}
