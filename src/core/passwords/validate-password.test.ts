import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { validatePassword } from './validate-password.ts'

// Django's tests/auth_tests/test_validators.py user.
const owner = {
  username: 'testclient',
  firstName: 'Test',
  lastName: 'Client',
  email: 'testclient@example.com',
}
const SHORT = 'This password is too short. It must contain at least 8 characters.'
const COMMON = 'This password is too common.'
const NUMERIC = 'This password is entirely numeric.'

describe("Django's default password validators", () => {
  it('accepts a long, uncommon passphrase', () => {
    assert.deepEqual(validatePassword('a brand new passphrase 42', owner), [])
    assert.deepEqual(validatePassword('sufficiently-long', owner), [])
  })

  it('refuses a password too similar to the username, names or email', () => {
    assert.deepEqual(validatePassword('testclient', owner), ['The password is too similar to the username.'])
    assert.deepEqual(validatePassword('clientx1', { ...owner, username: 'zzz' }), [
      'The password is too similar to the last name.',
    ])
    assert.deepEqual(validatePassword('example.com', owner), [
      'The password is too similar to the email address.',
    ])
    assert.deepEqual(
      validatePassword('Christopher1', { ...owner, username: 'zzz', firstName: 'Christopher' }),
      ['The password is too similar to the first name.'],
    )
  })

  it('refuses passwords shorter than 8 characters, counting code points', () => {
    assert.deepEqual(validatePassword('1234567x', owner), [])
    assert.deepEqual(validatePassword('xk3#q7!', owner), [SHORT])
    // Seven emoji are fourteen UTF-16 units but seven characters to Python.
    assert.deepEqual(validatePassword('🦊🐙🦉🐢🦔🐝🦋', owner), [SHORT])
    assert.deepEqual(validatePassword('🦊🐙🦉🐢🦔🐝🦋🐳', owner), [])
  })

  it('refuses common passwords, case-insensitively and ignoring surrounding spaces', () => {
    assert.deepEqual(validatePassword('Password', owner), [COMMON])
    assert.deepEqual(validatePassword(' qwerty123 ', owner), [COMMON])
    assert.deepEqual(validatePassword('godzilla', owner), [COMMON])
  })

  it('refuses entirely numeric passwords, as Python’s str.isdigit() sees them', () => {
    assert.deepEqual(validatePassword('8294017365', owner), [NUMERIC])
    assert.deepEqual(validatePassword('٨٢٩٤٠١٧٣٦٥', owner), [NUMERIC]) // Arabic-Indic digits
    assert.deepEqual(validatePassword('²³¹²³¹²³¹²', owner), [NUMERIC]) // superscripts: Numeric_Type=Digit
    assert.deepEqual(validatePassword('8294017365a', owner), [])
    assert.deepEqual(validatePassword(' 8294017365', owner), [])
    assert.deepEqual(validatePassword('½½½½½½½½½½', owner), []) // Numeric, not Digit: isdigit() is False
  })

  it('reports every problem, in Django’s validator order', () => {
    assert.deepEqual(validatePassword('123', owner), [SHORT, COMMON, NUMERIC])
    assert.deepEqual(validatePassword('123', { ...owner, username: '123' }), [
      'The password is too similar to the username.',
      SHORT,
      COMMON,
      NUMERIC,
    ])
    assert.deepEqual(validatePassword('', owner), [SHORT])
  })
})
