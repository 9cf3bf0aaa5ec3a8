import assert from 'node:assert/strict'
import { createHmac, createPublicKey, verify } from 'node:crypto'
import { describe, it } from 'node:test'
import { resolveOptions } from '../options.ts'
import { cryptoRandom } from '../random.ts'
import { flipS, hasLowSSignature } from './ecdsa-low-s.ts'
import { decryptMaterial } from './key-material.ts'
import { SECRET_KEY_KID } from './key-store.ts'
import { Keyring } from './keyring.ts'
import { rotateSigningKey } from './rotate-signing-key.ts'
import { createMemoryStoresForTest } from './test-key-store.ts'
import { createTokenCodec } from './token-codec.ts'

const SECRET = 'keyring-test-secret-key-0123456789abcdef'
const settings = resolveOptions({ secretKey: SECRET, keyActivationDelay: '30s', refreshTokenLifetime: '30d' })
const T0 = Date.UTC(2026, 10, 22)
const claims = (nowMs: number) => ({
  token_type: 'access' as const,
  exp: Math.floor(nowMs / 1000) + 900,
  iat: Math.floor(nowMs / 1000),
  jti: 'a'.repeat(32),
  user_id: 2,
  sid: 'b'.repeat(32),
})
const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())

describe('keyring rotation', () => {
  it('a rotated-in EdDSA key verifies at once, signs only after the activation delay, and is published', async () => {
    const keys = createMemoryStoresForTest()
    const plan = await rotateSigningKey(keys, settings, cryptoRandom, 'EdDSA', T0)
    const keyring = new Keyring(SECRET)
    keyring.load(await keys.list())
    const codec = createTokenCodec(keyring, 0)
    const before = codec.sign(claims(T0 + 29_000))
    assert.equal(header(before).kid, undefined, 'the secret key still signs during the delay')
    const after = codec.sign(claims(T0 + 30_000))
    assert.deepEqual(header(after), { alg: 'EdDSA', typ: 'JWT', kid: plan.key.kid })
    assert.equal(codec.verify(after, 'access', T0 + 30_000).ok, true)
    assert.equal(codec.verify(before, 'access', T0 + 30_000).ok, true, 'old tokens keep verifying')

    const [published] = keyring.published(T0 + 30_000)
    assert.ok(published)
    assert.equal(published.kid, plan.key.kid)
    assert.equal('d' in published, false, 'no private part is published')
    const [h, p, s] = after.split('.')
    const ok = verify(
      null,
      Buffer.from(`${h}.${p}`),
      createPublicKey({ key: published, format: 'jwk' }),
      Buffer.from(s ?? '', 'base64url'),
    )
    assert.equal(ok, true, 'a service holding only the JWKS verifies the token')
  })

  it('refuses tokens of a retired key and, after rotation, kid-less tokens once the secret key retires', async () => {
    const keys = createMemoryStoresForTest()
    const first = await rotateSigningKey(keys, settings, cryptoRandom, 'ES256', T0)
    const keyring = new Keyring(SECRET)
    keyring.load(await keys.list())
    const codec = createTokenCodec(keyring, 0)
    const legacy = codec.sign(claims(T0))
    const es256 = codec.sign(claims(T0 + 31_000))
    assert.equal(header(es256).alg, 'ES256')
    await rotateSigningKey(keys, settings, cryptoRandom, 'EdDSA', T0 + 40_000)
    keyring.load(await keys.list())
    const retire = first.previousRetireAt
    assert.equal(codec.verify(legacy, 'access', T0 + 60_000).ok, true)
    const late = retire + 120_000
    const stillFresh = { ...claims(late) }
    const legacyLate = createTokenCodec(new Keyring(SECRET), 0).sign(stillFresh)
    assert.equal(codec.verify(legacyLate, 'access', late).ok, false, 'the secret key no longer verifies')
    assert.equal(keyring.verifier(header(es256).kid, late), undefined, 'the first stored key retired too')
  })

  it('refuses algorithm confusion: an HS256 token under an EdDSA key id, signed with its public key', async () => {
    const keys = createMemoryStoresForTest()
    const plan = await rotateSigningKey(keys, settings, cryptoRandom, 'EdDSA', T0)
    const keyring = new Keyring(SECRET)
    keyring.load(await keys.list())
    const codec = createTokenCodec(keyring, 0)
    const publicPem = createPublicKey({ key: JSON.parse(plan.key.publicJwk ?? '{}'), format: 'jwk' })
      .export({ format: 'pem', type: 'spki' })
      .toString()
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const input = `${part({ alg: 'HS256', typ: 'JWT', kid: plan.key.kid })}.${part(claims(T0 + 31_000))}`
    const forged = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`
    assert.equal(codec.verify(forged, 'access', T0 + 31_000).ok, false)
  })

  it('asks for a reload when it meets an unknown kid', () => {
    const seen: string[] = []
    const codec = createTokenCodec(new Keyring(SECRET), 0, (kid) => seen.push(kid))
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    assert.equal(
      codec.verify(`${part({ alg: 'EdDSA', kid: 'new-key' })}.${part(claims(T0))}.sig`, 'access', T0).ok,
      false,
    )
    assert.deepEqual(seen, ['new-key'])
  })

  it('keeps private keys encrypted with the secret key', async () => {
    const keys = createMemoryStoresForTest()
    await rotateSigningKey(keys, settings, cryptoRandom, 'EdDSA', T0)
    const stored = (await keys.list()).find((k) => k.kid !== SECRET_KEY_KID)
    assert.ok(stored)
    assert.doesNotMatch(stored.privateMaterial, /PRIVATE KEY/)
    assert.match(decryptMaterial(stored.privateMaterial, SECRET), /BEGIN PRIVATE KEY/)
    assert.throws(() => decryptMaterial(stored.privateMaterial, 'another secret'))
  })
})

describe('ES256 signatures are low-S only', () => {
  const es256Codec = async () => {
    const keys = createMemoryStoresForTest()
    await rotateSigningKey(keys, settings, cryptoRandom, 'ES256', T0)
    const keyring = new Keyring(SECRET)
    keyring.load(await keys.list())
    return createTokenCodec(keyring, 0)
  }
  const now = T0 + 31_000

  it('refuses the high-S twin of a real token, which node:crypto itself accepts', async () => {
    const codec = await es256Codec()
    const token = codec.sign(claims(now))
    const [h, p, s] = token.split('.') as [string, string, string]
    const twin = `${h}.${p}.${flipS(s)}`
    assert.equal(codec.verify(token, 'access', now).ok, true)
    assert.equal(codec.verify(twin, 'access', now).ok, false)
  })

  it('signs only low-S tokens (Node picks either S: fifty in a row would almost surely include a high one)', async () => {
    const codec = await es256Codec()
    for (let i = 0; i < 50; i++) {
      const token = codec.sign({ ...claims(now), jti: i.toString(16).padStart(32, '0') })
      assert.equal(hasLowSSignature(token), true)
      assert.equal(codec.verify(token, 'access', now).ok, true)
    }
  })
})
