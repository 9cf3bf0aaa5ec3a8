import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { onboardAnn } from '../examples/users/manage-users.ts'
import { AuthError, createLatchkey, type Latchkey } from '../src/index.ts'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { FAST_HASHING, SECRET } from './helpers/test-server.ts'

describe('latchkey.users: the core user operations from the library', () => {
  const stores = createSqliteStores(':memory:')
  let latchkey: Latchkey
  before(async () => {
    await stores.migrate()
    latchkey = await createLatchkey({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores)
  })
  after(async () => {
    await latchkey.stop()
    await stores.close()
  })

  it('runs the README example: create, set a password, deactivate, reactivate, list', async () => {
    assert.equal(await onboardAnn(latchkey), 1)
    const ann = await latchkey.users.findByUsername('ａｎｎ')
    assert.equal(ann?.firstName, 'Ann')
    assert.equal(ann?.isActive, true)
    const log = await latchkey.audit.list({ userId: ann?.id ?? 0, offset: 0, limit: 10 })
    assert.deepEqual(log.events.map((e) => e.type).reverse(), [
      'admin.user_created',
      'admin.password_set',
      'admin.user_deactivated',
      'admin.user_reactivated',
      'admin.user_updated',
    ])
  })

  it('answers create with Django’s messages, and refuses a case variant', async () => {
    const weak = await latchkey.users.create({ username: 'bad name', password: '123' })
    assert.equal(weak.ok, false)
    assert.ok(!weak.ok && weak.problems.some((p) => p.startsWith('Enter a valid username.')))
    const twin = await latchkey.users.create({ username: 'ANN', password: 'a long passphrase' })
    assert.deepEqual(twin, { ok: false, problems: ['A user with that username already exists.'] })
  })

  it('throws field errors for a refused update and not_found for an unknown id', async () => {
    const ann = await latchkey.users.findByUsername('ann')
    assert.ok(ann)
    await assert.rejects(latchkey.users.update(ann.id, { email: 'nope' }), (error: unknown) => {
      assert.ok(error instanceof AuthError)
      assert.deepEqual(error.leading, { email: ['Enter a valid email address.'] })
      return true
    })
    await assert.rejects(
      latchkey.users.get(987_654),
      (error: unknown) => error instanceof AuthError && error.code === 'not_found',
    )
    await latchkey.users.delete(ann.id)
    assert.equal(await latchkey.users.findByUsername('ann'), undefined)
  })
})
