import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { User } from '../users/user.ts'
import { currentUserResult, userBody } from './current-user.ts'

const alice: User = {
  id: 7,
  username: 'alice',
  passwordHash: 'argon2id$…',
  firstName: 'Alice',
  lastName: 'Liddell',
  email: 'alice@example.com',
  isActive: true,
  isStaff: false,
  isSuperuser: false,
  dateJoined: 0,
  lastLogin: null,
}

describe('the user endpoint answer', () => {
  it('is the serializer’s four fields, in its order, as JSON text and as the same value', () => {
    const result = currentUserResult(alice)
    assert.equal(result.status, 200)
    assert.equal(result.bodyText, '{"id":7,"username":"alice","first_name":"Alice","last_name":"Liddell"}')
    assert.deepEqual(result.body, userBody(alice))
    assert.deepEqual(result.cookies, [])
  })
  it('is made once per version of the user, and follows a new version (a changed user is a new object)', () => {
    assert.equal(currentUserResult(alice), currentUserResult(alice))
    const renamed: User = { ...alice, firstName: 'Alicia' }
    assert.equal(JSON.parse(currentUserResult(renamed).bodyText ?? '').first_name, 'Alicia')
    assert.equal(JSON.parse(currentUserResult(alice).bodyText ?? '').first_name, 'Alice')
  })
})
