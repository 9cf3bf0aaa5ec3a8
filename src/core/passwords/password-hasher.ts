import { pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2'
import type { Settings } from '../options.ts'

const pbkdf2Async = promisify(pbkdf2)

/** Password hashing, off the event loop. */
export interface PasswordHasher {
  /** An argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) with a fresh random salt. */
  hash(password: string): Promise<string>
  /**
   * Checks a password against a stored hash: our argon2id PHC strings and Django's `pbkdf2_sha256$…` (so users
   * imported from the reference log in, and are upgraded). Never throws: an unknown format is simply not valid.
   */
  verify(encoded: string, password: string): Promise<{ valid: boolean; needsRehash: boolean }>
  /** One verification against a dummy hash of the current parameters: what an unknown username costs. */
  verifyDummy(password: string): Promise<void>
}

const INVALID = { valid: false, needsRehash: false } as const

function argon2Params(encoded: string): { m: number; t: number; p: number } | undefined {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(encoded)
  if (!match) return undefined
  return { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) }
}

/** Django's PBKDF2PasswordHasher: `pbkdf2_sha256$<iterations>$<salt>$<base64 sha256 digest>`. */
async function verifyDjangoPbkdf2(encoded: string, password: string): Promise<boolean> {
  const parts = encoded.split('$')
  if (parts.length !== 4 || parts[0] !== 'pbkdf2_sha256') return false
  const iterations = Number(parts[1])
  const expected = Buffer.from(parts[3] ?? '', 'base64')
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000 || expected.length !== 32)
    return false
  const actual = await pbkdf2Async(password, parts[2] ?? '', iterations, 32, 'sha256')
  return timingSafeEqual(actual, expected)
}

/**
 * argon2id through @node-rs/argon2 (native, async, ~9 ms at OWASP's parameters). The algorithm option is left out
 * on purpose: its default is argon2id, and its const enum does not exist at runtime under type stripping.
 */
export function createPasswordHasher(params: Settings['passwordHashing']): PasswordHasher {
  const options = {
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  }
  let dummy: Promise<string> | undefined
  const hash = (password: string) => argon2Hash(password, options)
  return {
    hash,
    async verify(encoded, password) {
      try {
        const current = argon2Params(encoded)
        if (current !== undefined) {
          const valid = await argon2Verify(encoded, password)
          const stale =
            current.m !== params.memoryCost ||
            current.t !== params.timeCost ||
            current.p !== params.parallelism
          return { valid, needsRehash: valid && stale }
        }
        if (encoded.startsWith('pbkdf2_sha256$')) {
          const valid = await verifyDjangoPbkdf2(encoded, password)
          return { valid, needsRehash: valid }
        }
        return INVALID
      } catch {
        return INVALID
      }
    },
    async verifyDummy(password) {
      dummy ??= hash('latchkey dummy password: no user has it')
      try {
        await argon2Verify(await dummy, password)
      } catch {
        // The outcome is irrelevant; only the time spent matters.
      }
    },
  }
}
