import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cryptoRandom } from '../random.ts'
import {
  csrfSecretFromCookie,
  csrfTokenMatches,
  maskCsrfSecret,
  newCsrfSecret,
  tokenFormatProblem,
  unmaskCsrfToken,
} from './secret.ts'

// Django's tests/csrf_tests/tests.py: a secret and two of its maskings.
const TEST_SECRET = 'lcccccccX2kcccccccY2jcccccccssIC'
const MASKED_TEST_SECRET1 = '1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD'
const MASKED_TEST_SECRET2 = '2JgchWvM1tpxT2lfz9aydoXW9yT1DN3NdLiejYxOOlzzV4nhBbYqmqZYbAV3V5Bf'

describe('Django CSRF secrets and masks', () => {
  it('unmasks Django’s own test vectors to their secret', () => {
    assert.equal(unmaskCsrfToken(MASKED_TEST_SECRET1), TEST_SECRET)
    assert.equal(unmaskCsrfToken(MASKED_TEST_SECRET2), TEST_SECRET)
  })

  it('masks a secret into 64 characters that unmask to it, differently every time', () => {
    const secret = newCsrfSecret(cryptoRandom)
    const a = maskCsrfSecret(secret, cryptoRandom)
    const b = maskCsrfSecret(secret, cryptoRandom)
    assert.match(a, /^[A-Za-z0-9]{64}$/)
    assert.notEqual(a, b)
    assert.equal(unmaskCsrfToken(a), secret)
    assert.equal(unmaskCsrfToken(b), secret)
  })

  it('draws 32-character secrets from the 62-character alphabet, all distinct', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newCsrfSecret(cryptoRandom)))
    assert.equal(seen.size, 500)
    for (const s of seen) assert.match(s, /^[A-Za-z0-9]{32}$/)
  })

  it('accepts every masked/unmasked combination of cookie and token (Django test_masked_unmasked_combinations)', () => {
    for (const cookie of [TEST_SECRET, MASKED_TEST_SECRET1]) {
      const secret = csrfSecretFromCookie(cookie)
      assert.ok(secret.ok)
      for (const token of [TEST_SECRET, MASKED_TEST_SECRET1, MASKED_TEST_SECRET2])
        assert.equal(csrfTokenMatches(token, secret.secret), true, `${cookie} / ${token}`)
    }
  })

  it('rejects a token for another secret', () => {
    assert.equal(csrfTokenMatches('a'.repeat(64), TEST_SECRET), false)
    assert.equal(csrfTokenMatches('a'.repeat(32), TEST_SECRET), false)
  })

  it('reports Django’s format problems', () => {
    assert.equal(tokenFormatProblem('a'.repeat(16)), 'has incorrect length')
    assert.equal(tokenFormatProblem('*'.repeat(64)), 'has invalid characters')
    assert.equal(tokenFormatProblem('a'.repeat(64)), undefined)
    assert.deepEqual(csrfSecretFromCookie('x'.repeat(100_000)), {
      ok: false,
      reason: 'CSRF cookie has incorrect length.',
    })
    assert.deepEqual(csrfSecretFromCookie('!'.repeat(32)), {
      ok: false,
      reason: 'CSRF cookie has invalid characters.',
    })
  })
})
