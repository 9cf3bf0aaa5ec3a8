import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { User } from '../users/user.ts'
import { userBody, userBodyText } from './current-user.ts'

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

describe('the user endpoint body', () => {
  it('is the serializer’s four fields, in its order, as JSON text', () => {
    assert.equal(
      userBodyText(alice),
      '{"id":7,"username":"alice","first_name":"Alice","last_name":"Liddell"}',
    )
    assert.equal(userBodyText(alice), JSON.stringify(userBody(alice)))
  })
  it('follows a new version of the user (the cache reads a changed user as a new object)', () => {
    assert.equal(userBodyText(alice), JSON.stringify(userBody(alice)))
    const renamed: User = { ...alice, firstName: 'Alicia' }
    assert.equal(JSON.parse(userBodyText(renamed)).first_name, 'Alicia')
    assert.equal(JSON.parse(userBodyText(alice)).first_name, 'Alice')
  })
})
