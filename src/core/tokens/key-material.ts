import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
} from 'node:crypto'
import type { RandomSource } from '../random.ts'
import type { SigningAlgorithm, StoredKey } from './key-store.ts'

/** AES-256-GCM key for private key material at rest, derived from the secret key: the database alone reveals nothing. */
function wrappingKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'latchkey-keyring', 'private key material v1', 32))
}

export function encryptMaterial(plain: string, secretKey: string, random: RandomSource): string {
  const iv = random.bytes(12)
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(secretKey), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.')
}

export function decryptMaterial(sealed: string, secretKey: string): string {
  const [version, iv, body, tag] = sealed.split('.')
  if (version !== 'v1' || iv === undefined || body === undefined || tag === undefined)
    throw new Error('unknown key material format')
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(secretKey), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

function keyPair(algorithm: Exclude<SigningAlgorithm, 'HS256'>): {
  privateKey: KeyObject
  publicKey: KeyObject
} {
  return algorithm === 'EdDSA'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
}

/** A new key of the algorithm, its private half sealed for storage. */
export function generateStoredKey(
  algorithm: SigningAlgorithm,
  input: { kid: string; now: number; activatesAt: number; secretKey: string; random: RandomSource },
): StoredKey {
  let material: string
  let publicJwk: string | null = null
  if (algorithm === 'HS256') material = input.random.bytes(32).toString('base64url')
  else {
    const pair = keyPair(algorithm)
    material = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    publicJwk = JSON.stringify(pair.publicKey.export({ format: 'jwk' }))
  }
  return {
    kid: input.kid,
    algorithm,
    privateMaterial: encryptMaterial(material, input.secretKey, input.random),
    publicJwk,
    createdAt: input.now,
    activatesAt: input.activatesAt,
    retiresAt: null,
  }
}

/** The public key (PEM) for an asymmetric private key (PEM). */
export function publicPem(privatePem: string): string {
  return createPublicKey(privatePem).export({ format: 'pem', type: 'spki' }).toString()
}
