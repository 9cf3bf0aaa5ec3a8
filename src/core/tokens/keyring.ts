import type { JsonWebKey } from 'node:crypto'
import { createSigner, createVerifier } from 'fast-jwt'
import type { TokenClaims } from './claims.ts'
import { hasLowSSignature, lowSToken } from './ecdsa-low-s.ts'
import { decryptMaterial, publicPem } from './key-material.ts'
import { SECRET_KEY_KID, type SigningAlgorithm, type StoredKey } from './key-store.ts'

type Sign = (claims: TokenClaims) => string
type Verify = (token: string) => unknown

interface LiveKey {
  readonly kid: string
  readonly algorithm: SigningAlgorithm
  readonly sign: Sign
  readonly verify: Verify
  readonly activatesAt: number
  readonly retiresAt: number | null
  readonly publicJwk: JsonWebKey | null
}

export interface PublishedKey extends JsonWebKey {
  readonly kid: string
  readonly alg: string
  readonly use: 'sig'
}

/** Verified tokens remembered per key, by their exact text (the text includes the signature, so a hit is safe). */
const VERIFIED_CACHE_SIZE = 10_000

function verifierFor(algorithm: SigningAlgorithm, key: string): Verify {
  const verify = createVerifier({
    key,
    algorithms: [algorithm],
    ignoreExpiration: true,
    ignoreNotBefore: true,
  })
  // Not fast-jwt's own cache: it keys entries by a SHA-256 of the token, which costs about as much as the HMAC it
  // saves. Nor the token's text as the key: V8 hashes a new string character by character on every lookup (the
  // signature alone, 43 characters, cost 90 ns of a 140 ns lookup). Entries are keyed by a number made of the first
  // characters of the signature, and a hit counts only when the whole text is the same, so a token that reuses
  // another's signature over a different header or payload never matches; two signatures that share a key only
  // take turns in the cache. Expiry is checked by the caller.
  const verified = new Map<number, { readonly token: string; readonly payload: unknown }>()
  const lowSOnly = algorithm === 'ES256'
  return (token) => {
    // After the second dot: two forward searches are builtins, `lastIndexOf` a runtime call. A token with more dots
    // keys its entry by what follows the second, which the whole-text check below makes harmless.
    const key = signatureKey(token, token.indexOf('.', token.indexOf('.') + 1) + 1)
    const hit = verified.get(key)
    if (hit !== undefined && hit.token === token) return hit.payload
    if (lowSOnly && !hasLowSSignature(token)) throw new Error('ES256 signature not in low-S form')
    const payload = verify(token)
    if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear()
    verified.set(key, { token, payload })
    return payload
  }
}

/**
 * Five characters of a signature (from `start`) folded into 30 bits: a small integer, which a `Map` hashes for free.
 * Signatures are uniformly random, so keys rarely collide; a collision costs a verification, never a wrong answer.
 * Characters past the end read as NaN, which folds to 0.
 */
export function signatureKey(token: string, start: number): number {
  return (
    ((token.charCodeAt(start) << 24) ^
      (token.charCodeAt(start + 1) << 18) ^
      (token.charCodeAt(start + 2) << 12) ^
      (token.charCodeAt(start + 3) << 6) ^
      token.charCodeAt(start + 4)) &
    0x3fffffff
  )
}

function signerFor(algorithm: SigningAlgorithm, key: string, kid: string): Sign {
  const sign = createSigner({ key, algorithm, kid }) as Sign
  // Node's ECDSA signs with either S; only the low-S form verifies (see ecdsa-low-s.ts).
  return algorithm === 'ES256' ? (claims) => lowSToken(sign(claims)) : sign
}

/**
 * The keys tokens are signed and verified with. The configured secret key (HS256, no `kid`: the reference's tokens)
 * signs until a stored key activates, and verifies until its own retirement date, if one was ever set. Stored keys
 * carry a `kid`; each verifies only with its own algorithm (no algorithm confusion: RFC 8725 §3.1; ASVS 5.0 9.1.2).
 */
export class Keyring {
  readonly #secretKey: string
  readonly #default: LiveKey
  #keys: ReadonlyMap<string, LiveKey> = new Map()
  #signers: readonly LiveKey[] = []
  #defaultRetiresAt: number | null = null

  constructor(secretKey: string) {
    this.#secretKey = secretKey
    this.#default = {
      kid: '',
      algorithm: 'HS256',
      sign: createSigner({ key: secretKey, algorithm: 'HS256' }) as Sign,
      verify: verifierFor('HS256', secretKey),
      activatesAt: 0,
      retiresAt: null,
      publicJwk: null,
    }
  }

  /** Replaces the stored keys (a reload from the database). Keys already known keep their verifier caches. */
  load(stored: readonly StoredKey[]): void {
    const keys = new Map<string, LiveKey>()
    this.#defaultRetiresAt = null
    for (const record of stored) {
      if (record.kid === SECRET_KEY_KID) {
        this.#defaultRetiresAt = record.retiresAt
        continue
      }
      const known = this.#keys.get(record.kid)
      keys.set(
        record.kid,
        known
          ? { ...known, retiresAt: record.retiresAt, activatesAt: record.activatesAt }
          : this.#live(record),
      )
    }
    this.#keys = keys
    this.#signers = [...keys.values()].sort((a, b) => b.activatesAt - a.activatesAt)
  }

  #live(record: StoredKey): LiveKey {
    const material = decryptMaterial(record.privateMaterial, this.#secretKey)
    const verifyKey = record.algorithm === 'HS256' ? material : publicPem(material)
    return {
      kid: record.kid,
      algorithm: record.algorithm,
      sign: signerFor(record.algorithm, material, record.kid),
      verify: verifierFor(record.algorithm, verifyKey),
      activatesAt: record.activatesAt,
      retiresAt: record.retiresAt,
      publicJwk: record.publicJwk === null ? null : (JSON.parse(record.publicJwk) as JsonWebKey),
    }
  }

  /** The newest active key, or the secret key when none has activated. */
  signer(nowMs: number): LiveKey {
    for (const key of this.#signers)
      if (key.activatesAt <= nowMs && (key.retiresAt ?? Infinity) > nowMs) return key
    return this.#default
  }

  /** The key that may verify a token with this `kid` (undefined: the secret key), or undefined when none may. */
  verifier(kid: string | undefined, nowMs: number): LiveKey | undefined {
    if (kid === undefined) return (this.#defaultRetiresAt ?? Infinity) > nowMs ? this.#default : undefined
    const key = this.#keys.get(kid)
    if (key === undefined || (key.retiresAt ?? Infinity) <= nowMs) return undefined
    return key
  }

  /** Public keys of the asymmetric keys in service, for `/.well-known/jwks.json`. */
  published(nowMs: number): PublishedKey[] {
    const out: PublishedKey[] = []
    for (const key of this.#keys.values()) {
      if (key.publicJwk === null || (key.retiresAt ?? Infinity) <= nowMs) continue
      out.push({ ...key.publicJwk, kid: key.kid, alg: key.algorithm, use: 'sig' })
    }
    return out
  }

  knows(kid: string): boolean {
    return this.#keys.has(kid)
  }
}
