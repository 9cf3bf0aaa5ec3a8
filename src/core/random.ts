import { randomFillSync } from 'node:crypto'

/** The CSPRNG the core draws ids, secrets and masks from (injectable so tests can make it deterministic). */
export interface RandomSource {
  bytes(size: number): Buffer
}

/**
 * Each call to the CSPRNG has a fixed cost of a few microseconds, several times what 16 bytes cost: a refresh draws
 * twice, so bytes are drawn 4 KiB at a time and handed out once each (copied, never shared, never handed out twice),
 * as Node's own `randomUUID` does with its entropy cache.
 */
const POOL_SIZE = 4096
const pool = Buffer.alloc(POOL_SIZE)
let offset = POOL_SIZE

function pooledBytes(size: number): Buffer {
  if (size > POOL_SIZE / 4) return randomFillSync(Buffer.alloc(size))
  if (offset + size > POOL_SIZE) {
    randomFillSync(pool)
    offset = 0
  }
  const out = Buffer.from(pool.subarray(offset, offset + size))
  // Handed-out bytes are wiped from the pool, so nothing keeps a copy of a secret once its owner drops it.
  pool.fill(0, offset, offset + size)
  offset += size
  return out
}

export const cryptoRandom: RandomSource = { bytes: pooledBytes }

/** 128 random bits as 32 lowercase hex characters: the shape of SimpleJWT's `uuid4().hex` jti, with more entropy. */
export function randomHex128(random: RandomSource): string {
  return random.bytes(16).toString('hex')
}
