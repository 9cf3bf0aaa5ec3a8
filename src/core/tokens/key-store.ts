export type SigningAlgorithm = 'HS256' | 'EdDSA' | 'ES256'

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['HS256', 'EdDSA', 'ES256']

/** The kid of the configured secret key once it has a retirement date (tokens without `kid` are signed with it). */
export const SECRET_KEY_KID = '__secret_key__'

/** A signing key as stored: its private material encrypted, its public half as a JWK (asymmetric keys only). */
export interface StoredKey {
  readonly kid: string
  readonly algorithm: SigningAlgorithm
  readonly privateMaterial: string
  readonly publicJwk: string | null
  readonly createdAt: number
  /** From when it signs; before that it only verifies, so every instance knows it before any token uses it. */
  readonly activatesAt: number
  /** From when it no longer verifies; null while it is in service. */
  readonly retiresAt: number | null
}

/** Storage of signing keys (one small table, read whole). */
export interface KeyStore {
  list(): Promise<readonly StoredKey[]>
  insert(key: StoredKey): Promise<void>
  /** Sets the retirement of every key in service that activated before `activatedBefore` (and has no date yet). */
  scheduleRetirement(activatedBefore: number, retiresAt: number): Promise<void>
}
