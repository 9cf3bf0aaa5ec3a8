import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { commonPasswords } from './common-passwords.ts'
import { validatePassword } from './validate-password.ts'

const owner = {
  username: 'testclient',
  firstName: 'Test',
  lastName: 'Client',
  email: 'testclient@example.com',
}

describe("Django's default password validators", () => {
  it('accepts a long, uncommon passphrase', () => {
    assert.deepEqual(validatePassword('a brand new passphrase 42', owner), [])
  })

  it('refuses a password too similar to the username, names or email', () => {
    assert.deepEqual(validatePassword('testclient', owner), ['The password is too similar to the username.'])
    assert.ok(
      validatePassword('clientx1', { ...owner, username: 'zzz' }).includes(
        'The password is too similar to the last name.',
      ),
    )
    assert.ok(
      validatePassword('example.com', {
        username: 'q',
        firstName: '',
        lastName: '',
        email: 'who@example.com',
      }).includes('The password is too similar to the email address.'),
    )
  })

  it('skips attribute parts far shorter than the password, as Django does', () => {
    assert.deepEqual(validatePassword('a very long passphrase indeed', { ...owner, firstName: 'a' }), [])
  })

  it('refuses passwords shorter than 8 characters', () => {
    assert.ok(
      validatePassword('xk3#q', owner).includes(
        'This password is too short. It must contain at least 8 characters.',
      ),
    )
  })

  it('refuses common passwords, case-insensitively', () => {
    assert.ok(validatePassword('Password', owner).includes('This password is too common.'))
    assert.ok(validatePassword('qwerty123', owner).includes('This password is too common.'))
  })

  it('refuses entirely numeric passwords', () => {
    assert.ok(validatePassword('8294017365', owner).includes('This password is entirely numeric.'))
  })

  it('reports every problem, in Django’s validator order', () => {
    assert.deepEqual(validatePassword('123', owner), [
      'This password is too short. It must contain at least 8 characters.',
      'This password is too common.',
      'This password is entirely numeric.',
    ])
  })

  it('bundles at least 10,000 common passwords', () => {
    const list = commonPasswords()
    assert.ok(list.size >= 10_000, `${list.size}`)
    for (const p of ['password', '123456', 'qwerty']) assert.ok(list.has(p), p)
  })
})
