import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ADMIN, type AsUser, as, seedUser } from './helpers/admin-client.ts'
import { ALICE, loginAs, startTestServer, type TestServer } from './helpers/test-server.ts'

const USERS = '/accounts/admin/users/'
const PASSWORD = 'a-long-enough-passphrase'

describe('admin API: users', () => {
  let server: TestServer
  let admin: AsUser
  before(async () => {
    server = await startTestServer()
    admin = await as(server, ADMIN)
  })
  after(() => server.close())

  it('lists users in DRF’s paginated shape, by id, without password hashes', async () => {
    const res = await admin.get(USERS)
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.equal(body.next, null)
    assert.equal(body.previous, null)
    assert.ok(body.count >= 2)
    assert.deepEqual(Object.keys(body), ['count', 'next', 'previous', 'results'])
    const alice = body.results.find((u: { id: number }) => u.id === server.aliceId)
    assert.deepEqual(alice, {
      id: server.aliceId,
      username: 'alice',
      email: '',
      first_name: 'Alice',
      last_name: 'Liddell',
      is_active: true,
      is_staff: false,
      is_superuser: false,
      date_joined: new Date(server.clock.now()).toISOString(),
      last_login: alice.last_login,
    })
    assert.ok(!res.body.includes('argon2'))
  })

  it('pages with page and page_size, with absolute next and previous links', async () => {
    for (let i = 0; i < 4; i++) await seedUser(server, `pager${i}`)
    const first = await admin.get(`${USERS}?search=pager&page_size=3`)
    assert.equal(first.json().count, 4)
    assert.equal(first.json().results.length, 3)
    assert.equal(
      first.json().next,
      'http://localhost:80/accounts/admin/users/?search=pager&page_size=3&page=2',
    )
    const second = await admin.get(`${USERS}?search=pager&page_size=3&page=2`)
    assert.deepEqual(
      second.json().results.map((u: { username: string }) => u.username),
      ['pager3'],
    )
    assert.equal(second.json().next, null)
    assert.equal(second.json().previous, 'http://localhost:80/accounts/admin/users/?search=pager&page_size=3')
  })

  it('answers 404 "Invalid page." past the last page or for a page that is not a number', async () => {
    for (const page of ['99', '0', 'abc', '-1']) {
      const res = await admin.get(`${USERS}?page=${page}`)
      assert.equal(res.statusCode, 404, page)
      assert.deepEqual(res.json(), { detail: 'Invalid page.', code: 'not_found' })
    }
  })

  it('filters on is_active and is_staff, and refuses a filter that is not a boolean', async () => {
    const staff = await admin.get(`${USERS}?is_staff=true`)
    assert.ok(staff.json().results.every((u: { is_staff: boolean }) => u.is_staff))
    assert.ok(staff.json().results.some((u: { id: number }) => u.id === server.adminId))
    const bad = await admin.get(`${USERS}?is_active=maybe`)
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(bad.json(), {
      is_active: ['Must be a valid boolean.'],
      detail: 'Invalid input.',
      code: 'invalid',
    })
  })

  it('creates a user (201) who can then log in, NFKC-normalising the username', async () => {
    const res = await admin.send('POST', USERS, {
      username: 'ｃａｒｏｌ',
      password: PASSWORD,
      email: 'carol@example.test',
      first_name: 'Carol',
    })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal(res.json().username, 'carol')
    assert.equal(res.json().email, 'carol@example.test')
    assert.equal(
      (
        await server.app.inject({
          method: 'POST',
          url: '/accounts/auth/login/',
          payload: { username: 'carol', password: PASSWORD },
        })
      ).statusCode,
      200,
    )
    assert.equal(
      (
        await server.app.inject({
          method: 'POST',
          url: '/accounts/auth/login/',
          payload: { username: 'ｃａｒｏｌ', password: PASSWORD },
        })
      ).statusCode,
      200,
      'the login form normalises too',
    )
  })

  it('accepts Unicode letters as Django does', async () => {
    const res = await admin.send('POST', USERS, { username: 'Zoë.Ångström', password: PASSWORD })
    assert.equal(res.statusCode, 201, res.body)
  })

  it('refuses a username equal to another up to case', async () => {
    const res = await admin.send('POST', USERS, { username: 'ALICE', password: PASSWORD })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json().username, ['A user with that username already exists.'])
  })

  it('reports every field error at once, with Django’s messages', async () => {
    const res = await admin.send('POST', USERS, { username: 'bad name', password: '123', email: 'nope' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), {
      username: [
        'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
      ],
      email: ['Enter a valid email address.'],
      password: [
        'This password is too short. It must contain at least 8 characters.',
        'This password is too common.',
        'This password is entirely numeric.',
      ],
      detail: 'Invalid input.',
      code: 'invalid',
    })
    const missing = await admin.send('POST', USERS, {})
    assert.deepEqual(missing.json().username, ['This field is required.'])
    assert.deepEqual(missing.json().password, ['This field is required.'])
    const long = await admin.send('POST', USERS, { username: 'x'.repeat(151), password: PASSWORD })
    assert.deepEqual(long.json().username, ['Ensure this field has no more than 150 characters.'])
  })

  it('lets a superuser create staff', async () => {
    const res = await admin.send('POST', USERS, { username: 'newstaff', password: PASSWORD, is_staff: true })
    assert.equal(res.statusCode, 201)
    assert.equal(res.json().is_staff, true)
  })

  it('shows one user, and 404 for an unknown or malformed id (checked before any query)', async () => {
    assert.equal((await admin.get(`${USERS}${server.aliceId}/`)).json().username, 'alice')
    for (const id of ['987654', '0', '-1', 'abc', '1.5', '99999999999', '%00', '1e3', '%E2%82%AC']) {
      const res = await admin.get(`${USERS}${id}/`)
      assert.equal(res.statusCode, 404, id)
      assert.deepEqual(res.json(), { detail: 'Not found.', code: 'not_found' })
    }
  })

  it('updates names and email, validating the email, and ignores fields it does not manage', async () => {
    const id = await seedUser(server, 'dora')
    const res = await admin.send('PATCH', `${USERS}${id}/`, {
      first_name: 'Dora',
      email: 'dora@example.test',
      username: 'renamed',
      password: 'x',
    })
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().first_name, 'Dora')
    assert.equal(res.json().username, 'dora')
    const bad = await admin.send('PATCH', `${USERS}${id}/`, {
      email: 'not@valid@x',
      first_name: 'y'.repeat(151),
      is_staff: 'perhaps',
    })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(bad.json().is_staff, ['Must be a valid boolean.'])
    const bad2 = await admin.send('PATCH', `${USERS}${id}/`, {
      email: 'not@valid@x',
      first_name: 'y'.repeat(151),
    })
    assert.deepEqual(bad2.json().email, ['Enter a valid email address.'])
    assert.deepEqual(bad2.json().first_name, ['Ensure this field has no more than 150 characters.'])
    assert.equal((await server.stores.users.findById(id))?.email, 'dora@example.test')
  })

  it('deactivating revokes every session at once; the user’s next request is refused; reactivating lets them log in', async () => {
    const id = await seedUser(server, 'erin')
    const erin = await loginAs(server.app, { username: 'erin', password: PASSWORD })
    const res = await admin.send('PATCH', `${USERS}${id}/`, { is_active: false })
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().is_active, false)
    const next = await server.app.inject({
      method: 'GET',
      url: '/accounts/user/',
      headers: { cookie: `access_token=${erin.access}` },
    })
    assert.equal(next.statusCode, 401)
    assert.equal((await server.stores.sessions.listLive(id, server.clock.now())).length, 0)
    const refused = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/login/',
      payload: { username: 'erin', password: PASSWORD },
    })
    assert.equal(refused.statusCode, 403)
    assert.equal((await admin.send('PATCH', `${USERS}${id}/`, { is_active: true })).json().is_active, true)
    await loginAs(server.app, { username: 'erin', password: PASSWORD })
  })

  it('grants and removes staff (superuser), and never demotes or deactivates the last active superuser', async () => {
    const id = await seedUser(server, 'fay')
    assert.equal((await admin.send('PATCH', `${USERS}${id}/`, { is_staff: true })).json().is_staff, true)
    assert.equal((await admin.send('PATCH', `${USERS}${id}/`, { is_staff: false })).json().is_staff, false)
    const demote = await admin.send('PATCH', `${USERS}${server.adminId}/`, { is_superuser: false })
    assert.equal(demote.statusCode, 400)
    assert.deepEqual(demote.json().is_superuser, ['This would leave no active superuser.'])
    const deactivate = await admin.send('PATCH', `${USERS}${server.adminId}/`, { is_active: false })
    assert.deepEqual(deactivate.json().is_active, ['This would leave no active superuser.'])
    const remove = await admin.send('DELETE', `${USERS}${server.adminId}/`)
    assert.equal(remove.statusCode, 400)
    const stored = await server.stores.users.findById(server.adminId)
    assert.equal(stored?.isActive, true)
    assert.equal(stored?.isSuperuser, true)
  })

  it('sets a password (validators first), revoking the user’s sessions unless asked not to', async () => {
    const id = await seedUser(server, 'gus')
    const gus = await loginAs(server.app, { username: 'gus', password: PASSWORD })
    const weak = await admin.send('POST', `${USERS}${id}/set_password/`, { password: 'gus' })
    assert.equal(weak.statusCode, 400)
    assert.ok(weak.json().password.length > 0)
    const res = await admin.send('POST', `${USERS}${id}/set_password/`, {
      password: 'a-brand-new-passphrase',
    })
    assert.deepEqual(res.json(), { revoked_sessions: 1 })
    const old = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${gus.refresh}` },
    })
    assert.equal(old.statusCode, 401)
    await loginAs(server.app, { username: 'gus', password: 'a-brand-new-passphrase' })
    const kept = await admin.send('POST', `${USERS}${id}/set_password/`, {
      password: 'yet-another-passphrase',
      revoke_sessions: false,
    })
    assert.deepEqual(kept.json(), { revoked_sessions: 0 })
    assert.equal((await server.stores.sessions.listLive(id, server.clock.now())).length, 1)
  })

  it('lists one user’s sessions only, and revokes one session by id', async () => {
    const id = await seedUser(server, 'hal')
    await loginAs(server.app, { username: 'hal', password: PASSWORD })
    const hal = await loginAs(server.app, { username: 'hal', password: PASSWORD })
    await loginAs(server.app, ALICE)
    const list = await admin.get(`${USERS}${id}/sessions/`)
    assert.equal(list.statusCode, 200)
    assert.equal(list.json().length, 2)
    assert.deepEqual(Object.keys(list.json()[0]), [
      'id',
      'created',
      'last_used',
      'expires',
      'user_agent',
      'ip',
    ])
    const own = (await server.stores.sessions.listLive(id, server.clock.now())).map((s) => s.id).sort()
    assert.deepEqual(
      list
        .json()
        .map((s: { id: string }) => s.id)
        .sort(),
      own,
    )
    const target = list.json()[0].id
    assert.equal((await admin.send('DELETE', `/accounts/admin/sessions/${target}/`)).statusCode, 204)
    assert.equal((await admin.send('DELETE', `/accounts/admin/sessions/${target}/`)).statusCode, 404)
    assert.equal((await admin.get(`${USERS}${id}/sessions/`)).json().length, 1)
    assert.ok(hal.access)
  })

  it('answers 404 for a malformed or unknown session id, on every shape of junk', async () => {
    for (const id of ['nope', 'A'.repeat(32), '0'.repeat(32), '%00', 'g'.repeat(32), 'a'.repeat(33)]) {
      const res = await admin.send('DELETE', `/accounts/admin/sessions/${id}/`)
      assert.equal(res.statusCode, 404, id)
      assert.equal(res.json().code, 'not_found')
    }
  })

  it('deletes a user and their sessions; their access token is refused at once', async () => {
    const id = await seedUser(server, 'ivy')
    const ivy = await loginAs(server.app, { username: 'ivy', password: PASSWORD })
    assert.equal((await admin.send('DELETE', `${USERS}${id}/`)).statusCode, 204)
    assert.equal(await server.stores.users.findById(id), undefined)
    assert.deepEqual(await server.stores.sessions.listLive(id, server.clock.now()), [])
    const res = await server.app.inject({
      method: 'GET',
      url: '/accounts/user/',
      headers: { authorization: `Bearer ${ivy.access}` },
    })
    assert.equal(res.statusCode, 401)
    assert.equal((await admin.send('DELETE', `${USERS}${id}/`)).statusCode, 404)
  })

  it('lists signing keys without material, and rotates one (superuser)', async () => {
    const before = await admin.get('/accounts/admin/keys/')
    assert.equal(before.statusCode, 200)
    const rotated = await admin.send('POST', '/accounts/admin/keys/rotate/', { algorithm: 'EdDSA' })
    assert.equal(rotated.statusCode, 201, rotated.body)
    assert.equal(rotated.json().algorithm, 'EdDSA')
    assert.equal(rotated.json().state, 'verify-only')
    const after = await admin.get('/accounts/admin/keys/')
    assert.ok(after.json().some((k: { kid: string }) => k.kid === rotated.json().kid))
    assert.ok(!after.body.includes('private'))
    const bad = await admin.send('POST', '/accounts/admin/keys/rotate/', { algorithm: 'none' })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(bad.json().algorithm, ['"none" is not a valid choice.'])
  })
})
