import type { Settings } from '../options.ts'
import { type RandomSource, randomHex128 } from '../random.ts'
import { generateStoredKey } from './key-material.ts'
import { type KeyStore, SECRET_KEY_KID, type SigningAlgorithm, type StoredKey } from './key-store.ts'

export interface RotationPlan {
  readonly key: StoredKey
  /** When the keys it replaces stop verifying: after the longest-lived token they signed has expired. */
  readonly previousRetireAt: number
}

/**
 * Adds a new signing key. It verifies at once but signs only after `keyActivationDelay`, by when every instance
 * has reloaded it; the keys it replaces (and the secret key, for kid-less tokens) keep verifying until a refresh
 * token they signed at the last moment would have expired. No user is logged out by a rotation.
 */
export async function rotateSigningKey(
  keys: KeyStore,
  settings: Settings,
  random: RandomSource,
  algorithm: SigningAlgorithm,
  now: number,
): Promise<RotationPlan> {
  const activatesAt = now + settings.keyActivationDelayMs
  const key = generateStoredKey(algorithm, {
    kid: randomHex128(random).slice(0, 16),
    now,
    activatesAt,
    secretKey: settings.secretKey,
    random,
  })
  const previousRetireAt = activatesAt + settings.refreshTokenLifetimeMs + settings.leewayMs
  const existing = await keys.list()
  await keys.insert(key)
  if (!existing.some((k) => k.kid === SECRET_KEY_KID)) {
    // The secret key's retirement is recorded as a key row without material of its own.
    await keys.insert({
      kid: SECRET_KEY_KID,
      algorithm: 'HS256',
      privateMaterial: '',
      publicJwk: null,
      createdAt: now,
      activatesAt: 0,
      retiresAt: null,
    })
  }
  await keys.scheduleRetirement(activatesAt, previousRetireAt)
  return { key, previousRetireAt }
}
