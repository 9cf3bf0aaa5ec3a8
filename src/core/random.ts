import { randomBytes } from 'node:crypto'

/** The CSPRNG the core draws ids, secrets and masks from (injectable so tests can make it deterministic). */
export interface RandomSource {
  bytes(size: number): Buffer
}

export const cryptoRandom: RandomSource = { bytes: (size) => randomBytes(size) }

/** 128 random bits as 32 lowercase hex characters: the shape of SimpleJWT's `uuid4().hex` jti, with more entropy. */
export function randomHex128(random: RandomSource): string {
  return random.bytes(16).toString('hex')
}
