import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { quickRatio, userAttributeSimilarity } from './user-attribute-similarity.ts'

// Django's tests/auth_tests/test_validators.py user.
const user = [
  { verboseName: 'username', value: 'testclient' },
  { verboseName: 'first name', value: 'Test' },
  { verboseName: 'last name', value: 'Client' },
  { verboseName: 'email address', value: 'testclient@example.com' },
]
const firstName = user.filter((a) => a.verboseName === 'first name')

describe("difflib's quick_ratio", () => {
  it('matches Python on known values', () => {
    // python3: difflib.SequenceMatcher(a=a, b=b).quick_ratio()
    assert.equal(quickRatio('abcd', 'bcde'), 0.75)
    assert.equal(quickRatio('aab', 'abb'), 2 / 3)
    assert.equal(quickRatio('', ''), 1)
    assert.equal(quickRatio('abc', ''), 0)
    assert.equal(quickRatio('abc', 'cba'), 1)
  })

  it('counts code points, as Python does, not UTF-16 units', () => {
    assert.equal(quickRatio('🔑a', '🔑b'), 0.5)
    assert.equal(quickRatio('abc🔑', 'abcx'), 0.75)
  })
})

describe("Django's UserAttributeSimilarityValidator", () => {
  it("reproduces Django's own test cases", () => {
    assert.equal(userAttributeSimilarity('testclient', user), 'The password is too similar to the username.')
    assert.equal(
      userAttributeSimilarity('example.com', user),
      'The password is too similar to the email address.',
    )
    assert.equal(
      userAttributeSimilarity('testclient', firstName, 0.3),
      'The password is too similar to the first name.',
    )
    // max_similarity=1 still refuses a password identical to the attribute.
    assert.equal(
      userAttributeSimilarity('Test', firstName, 1),
      'The password is too similar to the first name.',
    )
    assert.equal(userAttributeSimilarity('testclient', firstName), undefined)
    assert.equal(
      userAttributeSimilarity('foobar', [{ verboseName: 'username', value: 'foobar' }]),
      'The password is too similar to the username.',
    )
  })

  it('matches results computed with Django’s algorithm in Python', () => {
    const cases: [string, string | undefined][] = [
      ['clientx1', 'last name'],
      ['tsetcleint', 'username'],
      ['TESTCLIENT99', 'username'],
      ['Tëst', 'first name'],
      ['a brand new passphrase 42', undefined],
      ['🔑🔑🔑🔑', undefined],
      ['', undefined],
    ]
    for (const [password, expected] of cases)
      assert.equal(
        userAttributeSimilarity(password, user),
        expected && `The password is too similar to the ${expected}.`,
        password,
      )
  })

  it('checks attributes in order and reports the first that matches', () => {
    assert.equal(userAttributeSimilarity('client', user), 'The password is too similar to the username.')
  })

  it('splits values on Unicode non-word characters, as Python’s \\W+ does', () => {
    const email = [{ verboseName: 'email address', value: 'año.bueno@x.com' }]
    assert.equal(userAttributeSimilarity('año', email), 'The password is too similar to the email address.')
    const name = [{ verboseName: 'last name', value: 'σίσυφος' }]
    assert.equal(userAttributeSimilarity('ΣΊΣΥΦΟΣ', name), 'The password is too similar to the last name.')
  })

  it('uses code-point lengths: a ratio only reached when an emoji counts once', () => {
    const username = [{ verboseName: 'username', value: 'abcx' }]
    assert.equal(userAttributeSimilarity('abc🔑', username), 'The password is too similar to the username.')
  })

  it('skips empty values and parts far shorter than the password (Django 4.2+)', () => {
    assert.equal(userAttributeSimilarity('a', [{ verboseName: 'first name', value: '' }]), undefined)
    assert.equal(
      userAttributeSimilarity('a very long passphrase indeed', [{ verboseName: 'x', value: 'a' }]),
      undefined,
    )
    // A long password against a long value is still compared in full.
    const long = 'x'.repeat(1000)
    assert.equal(
      userAttributeSimilarity(long, [{ verboseName: 'username', value: long }]),
      'The password is too similar to the username.',
    )
  })
})
