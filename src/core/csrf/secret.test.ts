import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cryptoRandom, type RandomSource } from '../random.ts'
import {
  CSRF_ALLOWED_CHARS,
  CSRF_SECRET_LENGTH,
  CSRF_TOKEN_LENGTH,
  csrfSecretFromCookie,
  csrfTokenFormatProblem,
  csrfTokenMatches,
  maskCsrfSecret,
  newCsrfSecret,
  unmaskCsrfToken,
} from './secret.ts'

// Django's tests/csrf_tests/tests.py: a secret and two of its maskings.
const TEST_SECRET = 'lcccccccX2kcccccccY2jcccccccssIC'
const MASKED_TEST_SECRET1 = '1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD'
const MASKED_TEST_SECRET2 = '2JgchWvM1tpxT2lfz9aydoXW9yT1DN3NdLiejYxOOlzzV4nhBbYqmqZYbAV3V5Bf'

/** A RandomSource that hands out `bytes` in order, repeating them when they run out. */
function fixedRandom(bytes: readonly number[]): RandomSource {
  let next = 0
  return {
    bytes: (size) => Buffer.from(Array.from({ length: size }, () => bytes[next++ % bytes.length] as number)),
  }
}

/** The bytes that make the alphabet produce exactly `text`. */
function bytesFor(text: string): number[] {
  return [...text].map((char) => CSRF_ALLOWED_CHARS.indexOf(char))
}

describe('CSRF constants', () => {
  it('use Django’s 62-character alphabet and its 32/64 lengths', () => {
    assert.equal(CSRF_ALLOWED_CHARS, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
    assert.equal(new Set(CSRF_ALLOWED_CHARS).size, 62)
    assert.equal(CSRF_SECRET_LENGTH, 32)
    assert.equal(CSRF_TOKEN_LENGTH, 64)
  })
})

describe('newCsrfSecret', () => {
  it('draws 32 characters from the alphabet, distinct across draws', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newCsrfSecret(cryptoRandom)))
    assert.equal(seen.size, 500)
    for (const secret of seen) assert.match(secret, /^[A-Za-z0-9]{32}$/)
  })

  it('maps byte b below 248 to character b mod 62', () => {
    assert.equal(newCsrfSecret(fixedRandom([0, 61, 62, 123, 124, 247])), 'a9a9a9'.repeat(6).slice(0, 32))
  })

  it('discards bytes 248 to 255 instead of folding them onto the first characters (no modulo bias)', () => {
    const secret = newCsrfSecret(fixedRandom([248, 249, 250, 251, 252, 253, 254, 255, 1]))
    assert.equal(secret, 'b'.repeat(32))
  })
})

describe('maskCsrfSecret', () => {
  it('reproduces Django’s masked vector when given its mask', () => {
    const masked = 'vFioG3XOLyGyGsPRFyB9iYUs341ufzIEvFioG3XOLyGyGsPRFyB9iYUs341ufzIE'
    const random = fixedRandom(bytesFor(masked.slice(0, 32)))
    assert.equal(maskCsrfSecret('a'.repeat(32), random), masked)
  })

  it('puts the mask first and the secret shifted by it second', () => {
    const random = fixedRandom(bytesFor('b'.repeat(32)))
    assert.equal(maskCsrfSecret(`${'a'.repeat(31)}9`, random), `${'b'.repeat(32)}${'b'.repeat(31)}a`)
  })

  it('round-trips Django’s test_mask_cipher_secret secrets through unmasking', () => {
    for (const secret of ['a'.repeat(32), TEST_SECRET, 'da4SrUiHJYoJ0HYQ0vcgisoIuFOxx4ER']) {
      const masked = maskCsrfSecret(secret, cryptoRandom)
      assert.match(masked, /^[A-Za-z0-9]{64}$/)
      assert.equal(unmaskCsrfToken(masked), secret)
    }
  })

  it('round-trips a thousand random secrets', () => {
    for (let i = 0; i < 1000; i++) {
      const secret = newCsrfSecret(cryptoRandom)
      assert.equal(unmaskCsrfToken(maskCsrfSecret(secret, cryptoRandom)), secret)
    }
  })

  it('gives a different token on every call for the same secret (BREACH)', () => {
    const tokens = new Set(Array.from({ length: 20 }, () => maskCsrfSecret(TEST_SECRET, cryptoRandom)))
    assert.equal(tokens.size, 20)
  })

  it('refuses a secret of the wrong length or alphabet rather than masking garbage', () => {
    assert.throws(() => maskCsrfSecret('abc', cryptoRandom), RangeError)
    assert.throws(() => maskCsrfSecret('!'.repeat(32), cryptoRandom), RangeError)
  })
})

describe('unmaskCsrfToken', () => {
  it('unmasks Django’s test_unmask_cipher_token vectors', () => {
    const cases: readonly (readonly [string, string])[] = [
      [TEST_SECRET, MASKED_TEST_SECRET1],
      [TEST_SECRET, MASKED_TEST_SECRET2],
      ['a'.repeat(32), 'vFioG3XOLyGyGsPRFyB9iYUs341ufzIEvFioG3XOLyGyGsPRFyB9iYUs341ufzIE'],
      ['a'.repeat(32), 'a'.repeat(64)],
      ['a'.repeat(32), 'b'.repeat(64)],
      ['b'.repeat(32), 'a'.repeat(32) + 'b'.repeat(32)],
      ['b'.repeat(32), 'b'.repeat(32) + 'c'.repeat(32)],
      ['c'.repeat(32), 'a'.repeat(32) + 'c'.repeat(32)],
    ]
    for (const [secret, masked] of cases) assert.equal(unmaskCsrfToken(masked), secret, masked)
  })

  it('wraps below the first character as Python’s negative index does', () => {
    assert.equal(unmaskCsrfToken('b'.repeat(32) + 'a'.repeat(32)), '9'.repeat(32))
  })

  it('throws on a token that did not pass the format check', () => {
    assert.throws(() => unmaskCsrfToken(TEST_SECRET), RangeError)
    assert.throws(() => unmaskCsrfToken('*'.repeat(64)), RangeError)
  })
})

describe('csrfTokenFormatProblem', () => {
  it('accepts Django’s test_check_token_format_valid cases', () => {
    for (const token of [TEST_SECRET, MASKED_TEST_SECRET1, 'a'.repeat(64)])
      assert.equal(csrfTokenFormatProblem(token), undefined, token)
  })

  it('reports Django’s test_check_token_format_invalid cases', () => {
    assert.equal(csrfTokenFormatProblem('*'.repeat(64)), 'has invalid characters')
    assert.equal(csrfTokenFormatProblem('a'.repeat(16)), 'has incorrect length')
  })

  it('reports length before characters', () => {
    assert.equal(csrfTokenFormatProblem('!'.repeat(33)), 'has incorrect length')
    assert.equal(csrfTokenFormatProblem(''), 'has incorrect length')
  })

  it('counts code points as Python’s len does', () => {
    // 31 + one astral character: 33 UTF-16 units but 32 code points, so Django complains about the characters.
    assert.equal(csrfTokenFormatProblem(`${'a'.repeat(31)}😀`), 'has invalid characters')
    assert.equal(csrfTokenFormatProblem(`${'a'.repeat(32)}😀`), 'has incorrect length')
  })

  it('reports a 100 000-character value as the wrong length', () => {
    assert.equal(csrfTokenFormatProblem('x'.repeat(100_000)), 'has incorrect length')
  })
})

describe('csrfSecretFromCookie', () => {
  it('takes a 32-character cookie as the secret', () => {
    assert.deepEqual(csrfSecretFromCookie(TEST_SECRET), { ok: true, secret: TEST_SECRET })
  })

  it('unmasks a legacy 64-character masked cookie to its secret', () => {
    assert.deepEqual(csrfSecretFromCookie(MASKED_TEST_SECRET1), { ok: true, secret: TEST_SECRET })
  })

  it('gives Django’s cookie reasons for a bad length and bad characters', () => {
    assert.deepEqual(csrfSecretFromCookie('a'.repeat(16)), {
      ok: false,
      reason: 'CSRF cookie has incorrect length.',
    })
    assert.deepEqual(csrfSecretFromCookie('*'.repeat(64)), {
      ok: false,
      reason: 'CSRF cookie has invalid characters.',
    })
  })

  it('refuses a 100 000-character cookie by its length', () => {
    assert.deepEqual(csrfSecretFromCookie('x'.repeat(100_000)), {
      ok: false,
      reason: 'CSRF cookie has incorrect length.',
    })
  })
})

describe('csrfTokenMatches', () => {
  it('agrees with Django’s test_does_token_match', () => {
    const cases: readonly (readonly [string, string, boolean])[] = [
      [MASKED_TEST_SECRET1, TEST_SECRET, true],
      [MASKED_TEST_SECRET2, TEST_SECRET, true],
      ['a'.repeat(64), unmaskCsrfToken('a'.repeat(64)), true],
      [TEST_SECRET, TEST_SECRET, true],
      ['a'.repeat(32), 'a'.repeat(32), true],
      ['a'.repeat(32), TEST_SECRET, false],
      ['a'.repeat(64), TEST_SECRET, false],
    ]
    for (const [token, secret, expected] of cases)
      assert.equal(csrfTokenMatches(token, secret), expected, token)
  })

  it('refuses buffers of different byte lengths instead of letting timingSafeEqual throw', () => {
    // Same number of UTF-16 units, different number of UTF-8 bytes: the byte lengths are what must be compared.
    assert.equal(csrfTokenMatches('a'.repeat(32), `${'a'.repeat(31)}é`), false)
    assert.equal(csrfTokenMatches('a'.repeat(32), 'a'.repeat(31)), false)
  })
})
