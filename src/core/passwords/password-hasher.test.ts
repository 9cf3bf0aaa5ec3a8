import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createPasswordHasher } from './password-hasher.ts'

const LOW = { memoryCost: 1024, timeCost: 1, parallelism: 1 }

describe('password hasher', () => {
  const hasher = createPasswordHasher(LOW)

  it('hashes to an argon2id PHC string that verifies, with a fresh salt each time', async () => {
    const a = await hasher.hash('correct horse battery staple')
    const b = await hasher.hash('correct horse battery staple')
    assert.match(a, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
    assert.notEqual(a, b)
    assert.deepEqual(await hasher.verify(a, 'correct horse battery staple'), {
      valid: true,
      needsRehash: false,
    })
    assert.deepEqual(await hasher.verify(a, 'correct horse battery stapl'), {
      valid: false,
      needsRehash: false,
    })
  })

  it('hashes with OWASP’s parameters by default configuration', async () => {
    const owasp = createPasswordHasher({ memoryCost: 19456, timeCost: 2, parallelism: 1 })
    assert.match(await owasp.hash('x'), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('asks for a rehash when the stored parameters are weaker than the current ones', async () => {
    const old = await hasher.hash('pw')
    const stronger = createPasswordHasher({ ...LOW, timeCost: 2 })
    assert.deepEqual(await stronger.verify(old, 'pw'), { valid: true, needsRehash: true })
  })

  it('verifies Django pbkdf2_sha256 hashes and asks to upgrade them', async () => {
    // python: base64(hashlib.pbkdf2_hmac('sha256', b'correct horse battery staple', b'seasalt2', 1000))
    const django = 'pbkdf2_sha256$1000$seasalt2$vVHZGEs7v6quz+ZQJ3YUviKmZHPrpr5OATMMKlICjVY='
    assert.deepEqual(await hasher.verify(django, 'correct horse battery staple'), {
      valid: true,
      needsRehash: true,
    })
    assert.deepEqual(await hasher.verify(django, 'wrong'), { valid: false, needsRehash: false })
  })

  it('treats unknown or garbled hash formats as not matching, without throwing', async () => {
    for (const encoded of [
      '',
      'plain',
      '$argon2id$v=19$m=1024,t=1,p=1$bad',
      'pbkdf2_sha256$x$y$z',
      'bcrypt$2b$...',
    ])
      assert.deepEqual(await hasher.verify(encoded, 'pw'), { valid: false, needsRehash: false })
  })

  it('neither truncates nor normalises: 64 characters with emoji and spaces round-trip, a 72-byte prefix fails', async () => {
    const password = `${'🔑 key '.repeat(9)}end`
    const stored = await hasher.hash(password)
    assert.equal((await hasher.verify(stored, password)).valid, true)
    assert.equal((await hasher.verify(stored, Buffer.from(password).subarray(0, 72).toString())).valid, false)
    assert.equal((await hasher.verify(stored, ` ${password}`)).valid, false)
  })

  it('spends one real verification on an unknown user', async () => {
    const owasp = createPasswordHasher({ memoryCost: 19456, timeCost: 2, parallelism: 1 })
    const stored = await owasp.hash('pw')
    await owasp.verifyDummy('warm up')
    const time = async (f: () => Promise<unknown>) => {
      const start = process.hrtime.bigint()
      for (let i = 0; i < 3; i++) await f()
      return Number(process.hrtime.bigint() - start)
    }
    const real = await time(() => owasp.verify(stored, 'wrong'))
    const dummy = await time(() => owasp.verifyDummy('wrong'))
    // A generous band: this guards against "no hash at all" (a ~1000× gap), not against noise.
    assert.ok(dummy > real / 3 && dummy < real * 3, `real ${real} ns, dummy ${dummy} ns`)
  })
})
