import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hash as argon2Hash } from '@node-rs/argon2'
import { createPasswordHasher } from './password-hasher.ts'

// Low parameters keep the suite fast wherever the cost itself is not under test.
const LOW = { memoryCost: 1024, timeCost: 1, parallelism: 1 }
const OWASP = { memoryCost: 19456, timeCost: 2, parallelism: 1 }
const VALID = { valid: true, needsRehash: false }
const INVALID = { valid: false, needsRehash: false }

describe('password hasher', () => {
  const hasher = createPasswordHasher(LOW)

  it('hashes to an argon2id PHC string that verifies, with a fresh salt each time', async () => {
    const a = await hasher.hash('correct horse battery staple')
    const b = await hasher.hash('correct horse battery staple')
    assert.match(a, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    assert.notEqual(a, b)
    assert.deepEqual(await hasher.verify(a, 'correct horse battery staple'), VALID)
  })

  it('refuses a wrong password', async () => {
    const stored = await hasher.hash('correct horse battery staple')
    for (const wrong of ['correct horse battery stapl', 'Correct horse battery staple', '', 'x'])
      assert.deepEqual(await hasher.verify(stored, wrong), INVALID, wrong)
  })

  it('hashes with the configured parameters (OWASP’s by default)', async () => {
    assert.match(await createPasswordHasher(OWASP).hash('x'), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('asks for a rehash when any parameter differs from the current ones, but only for a valid password', async () => {
    const old = await hasher.hash('pw')
    for (const change of [{ memoryCost: 2048 }, { timeCost: 2 }, { parallelism: 2 }]) {
      const current = createPasswordHasher({ ...LOW, ...change })
      assert.deepEqual(
        await current.verify(old, 'pw'),
        { valid: true, needsRehash: true },
        JSON.stringify(change),
      )
      assert.deepEqual(await current.verify(old, 'wrong'), INVALID)
    }
    const stronger = await createPasswordHasher({ ...LOW, timeCost: 2 }).hash('pw')
    assert.deepEqual(await hasher.verify(stronger, 'pw'), { valid: true, needsRehash: true })
  })

  it('asks for a rehash of other argon2 variants and of a short digest with the current parameters', async () => {
    const argon2i = '$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q' // from Django's tests
    assert.deepEqual(await hasher.verify(argon2i, 'secret'), { valid: true, needsRehash: true })
    const short = await argon2Hash('pw', { ...LOW, outputLen: 16 })
    assert.match(short, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
    assert.deepEqual(await hasher.verify(short, 'pw'), { valid: true, needsRehash: true })
  })

  it('verifies Django pbkdf2_sha256 and argon2 hashes and asks to upgrade them', async () => {
    // Django 5.1's tests/auth_tests/test_hashers.py::test_pbkdf2.
    const pbkdf2 = 'pbkdf2_sha256$870000$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac='
    assert.deepEqual(await hasher.verify(pbkdf2, 'lètmein'), { valid: true, needsRehash: true })
    assert.deepEqual(await hasher.verify(pbkdf2, 'lètmeinz'), INVALID)
    // python3: base64.b64encode(hashlib.pbkdf2_hmac('sha256', b'correct horse battery staple', b'seasalt2', 1000))
    const pbkdf2Low = 'pbkdf2_sha256$1000$seasalt2$vVHZGEs7v6quz+ZQJ3YUviKmZHPrpr5OATMMKlICjVY='
    assert.deepEqual(await hasher.verify(pbkdf2Low, 'correct horse battery staple'), {
      valid: true,
      needsRehash: true,
    })
    const argon2 = 'argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q'
    assert.deepEqual(await hasher.verify(argon2, 'secret'), { valid: true, needsRehash: true })
    assert.deepEqual(await hasher.verify(argon2, 'wrong'), INVALID)
  })

  it('treats unknown or garbled hash formats as not matching, without throwing', async () => {
    for (const encoded of [
      '',
      'plain',
      '$',
      '$argon2id',
      '$argon2id$v=19$m=1024,t=1,p=1$bad',
      '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$',
      '$argon2id$v=19$m=99999999999,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q',
      '$argon2xx$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q',
      '$2b$12$LZSJchsWG/DrBy1erNs4eeYo6tZNlLFQmONdxN9HPesa1EyXVcTXK',
      'pbkdf2_sha256$x$y$z',
      '!unusable',
      '\u0000',
    ])
      assert.deepEqual(await hasher.verify(encoded, 'pw'), INVALID, JSON.stringify(encoded))
  })

  it('names the Django hashers it refuses, so the login can log them; the unusable marker is just invalid', async () => {
    for (const [encoded, algorithm] of [
      ['md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3', 'md5'],
      ['bcrypt$$2b$04$0B.WDtdVYtHeW/jiXjPyBeKbfqBIz//J5APtGF.PDKUkHyeixUrIS', 'bcrypt'],
      ['unsalted_md5$$5f4dcc3b5aa765d61d8327deb882cf99', 'unsalted_md5'],
    ] as const)
      assert.deepEqual(await hasher.verify(encoded, 'lètmein'), { ...INVALID, unsupported: algorithm })
    assert.deepEqual(await hasher.verify('!pbkdf2$unusable', 'lètmein'), INVALID)
  })

  it('neither truncates nor normalises: 64 characters with emoji and spaces round-trip; variants fail', async () => {
    const password = `${'🔑 open sesame! '.repeat(4)}🚪🚪🚪🚪`
    assert.equal([...password].length, 64)
    const bytes = Buffer.from(password)
    assert.equal(bytes.length, 88)
    const stored = await hasher.hash(password)
    assert.deepEqual(await hasher.verify(stored, password), VALID)
    // bcrypt's limit: a 72-byte prefix must not be enough.
    assert.deepEqual(await hasher.verify(stored, bytes.subarray(0, 72).toString()), INVALID)
    assert.deepEqual(await hasher.verify(stored, ` ${password}`), INVALID)
    assert.deepEqual(await hasher.verify(stored, `${password} `), INVALID)
  })

  it('applies no Unicode normalisation, case folding or trimming (ASVS 5.0 6.2.8)', async () => {
    const nfc = 'Pässwörd-ﬁ'.normalize('NFC')
    const stored = await hasher.hash(nfc)
    assert.deepEqual(await hasher.verify(stored, nfc), VALID)
    for (const variant of [nfc.normalize('NFD'), nfc.normalize('NFKC'), nfc.toLowerCase(), `${nfc} `])
      assert.deepEqual(await hasher.verify(stored, variant), INVALID, variant)
  })

  it('hashes and verifies a long password whole (length is capped by the caller, not here)', async () => {
    const long = 'x'.repeat(4096)
    const stored = await hasher.hash(long)
    assert.deepEqual(await hasher.verify(stored, long), VALID)
    assert.deepEqual(await hasher.verify(stored, 'x'.repeat(4095)), INVALID)
  })

  it('spends one real verification on an unknown user, from the very first call (as Django’s test_authentication_timing)', async () => {
    const owasp = createPasswordHasher(OWASP)
    const stored = await owasp.hash('pw')
    const time = async (f: () => Promise<unknown>): Promise<number> => {
      const start = process.hrtime.bigint()
      await f()
      return Number(process.hrtime.bigint() - start)
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
    await owasp.verify(stored, 'warm up')
    await owasp.verifyDummy('warm up')
    const real: number[] = []
    const dummy: number[] = []
    const firstDummy: number[] = []
    // Interleaved, so a noisy neighbour slows all three alike; medians, so one stall does not decide.
    for (let i = 0; i < 7; i++) {
      real.push(await time(() => owasp.verify(stored, 'wrong')))
      dummy.push(await time(() => owasp.verifyDummy('wrong')))
      const fresh = createPasswordHasher(OWASP)
      firstDummy.push(await time(() => fresh.verifyDummy('wrong')))
    }
    const [r, d, f] = [median(real), median(dummy), median(firstDummy)]
    const detail = `real ${r} ns, dummy ${d} ns, first dummy ${f} ns`
    // Within 50%: catches "no hash at all" (~1000× faster) and "hash plus verify" (2× slower).
    assert.ok(d > r * 0.5 && d < r * 1.5, detail)
    assert.ok(f > r * 0.5 && f < r * 1.5, detail)
  })

  it('while Django hashes remain, an unknown user, a native user and a Django user all cost the same', async () => {
    // python3: base64.b64encode(hashlib.pbkdf2_hmac('sha256', b'secret', b'seasalt', 100000))
    const django = 'pbkdf2_sha256$100000$seasalt$P1NpvBWgKnsFdVGjryNEzHZb7wdUYycXwGXvsoZd9kY='
    const hardened = createPasswordHasher(OWASP, django)
    assert.deepEqual(await hardened.verify(django, 'secret'), { valid: true, needsRehash: true })
    const native = await hardened.hash('pw')
    // CPU time of the whole process (the hashing runs on libuv's threads), not wall time: what a login costs does
    // not depend on how busy the shared machine is, and a timing attacker measures cost, whatever the noise.
    const time = async (f: () => Promise<unknown>): Promise<number> => {
      const start = process.cpuUsage()
      await f()
      const used = process.cpuUsage(start)
      return used.user + used.system
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
    const unknown: number[] = []
    const nativeUser: number[] = []
    const djangoUser: number[] = []
    for (let i = 0; i < 9; i++) {
      unknown.push(await time(() => hardened.verifyDummy('wrong')))
      nativeUser.push(await time(() => hardened.verify(native, 'wrong')))
      djangoUser.push(await time(() => hardened.verify(django, 'wrong')))
    }
    const [u, n, d] = [median(unknown), median(nativeUser), median(djangoUser)]
    const detail = `CPU µs: unknown ${u}, native ${n}, django ${d}`
    assert.ok(u > d * 0.6 && u < d * 1.5, detail)
    assert.ok(n > d * 0.6 && n < d * 1.5, detail)
  })
})
