import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ADMIN_ENDPOINTS } from '../src/core/admin/admin-endpoints.ts'
import { ADMIN, as, seedUser } from './helpers/admin-client.ts'
import { ALICE, loginAs, startTestServer, type TestServer } from './helpers/test-server.ts'

/** Every method of every admin endpoint, with ids filled in. */
function everyRequest(userId: number): { method: string; url: string }[] {
  return ADMIN_ENDPOINTS.flatMap((endpoint) =>
    Object.keys(endpoint.handlers).map((method) => ({
      method,
      url: endpoint.path.replace(
        ':id',
        endpoint.path.includes('/sessions/:id') ? 'a'.repeat(32) : String(userId),
      ),
    })),
  )
}

describe('who may use the admin API', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  it('answers 401 not_authenticated to an anonymous request on every endpoint and method', async () => {
    for (const { method, url } of everyRequest(server.aliceId)) {
      const res = await server.app.inject({ method: method as 'GET', url })
      assert.equal(res.statusCode, 401, `${method} ${url}`)
      assert.equal(res.json().code, 'not_authenticated')
    }
  })

  it('answers 403 permission_denied to a logged-in user who is not staff, on every endpoint and method', async () => {
    const alice = await loginAs(server.app, ALICE)
    for (const { method, url } of everyRequest(server.adminId)) {
      const res = await server.app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${alice.access}` },
      })
      assert.equal(res.statusCode, 403, `${method} ${url}`)
      assert.deepEqual(res.json(), {
        detail: 'You do not have permission to perform this action.',
        code: 'permission_denied',
      })
    }
  })

  it('refuses a cookie-authenticated unsafe request without the CSRF token (403 csrf_failed)', async () => {
    const admin = await loginAs(server.app, ADMIN)
    const res = await server.app.inject({
      method: 'PATCH',
      url: `/accounts/admin/users/${server.aliceId}/`,
      headers: { cookie: `access_token=${admin.access}` },
      payload: { first_name: 'Mallory' },
    })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'csrf_failed')
    assert.equal((await server.stores.users.findById(server.aliceId))?.firstName, 'Alice')
  })

  it('accepts a Bearer token without CSRF (no browser sends that header by itself)', async () => {
    const admin = await loginAs(server.app, ADMIN)
    await loginAs(server.app, ALICE)
    const live = (await server.stores.sessions.listLive(server.aliceId, server.clock.now())).length
    const res = await server.app.inject({
      method: 'POST',
      url: `/accounts/admin/users/${server.aliceId}/logout_all/`,
      headers: { authorization: `Bearer ${admin.access}` },
    })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { revoked_sessions: live })
    assert.ok(live >= 1)
    assert.deepEqual(await server.stores.sessions.listLive(server.aliceId, server.clock.now()), [])
  })

  it('lets staff who are not superusers read and manage plain users', async () => {
    await seedUser(server, 'helpdesk', { isStaff: true })
    const helpdesk = await as(server, { username: 'helpdesk', password: 'a-long-enough-passphrase' })
    assert.equal((await helpdesk.get('/accounts/admin/users/')).statusCode, 200)
    const res = await helpdesk.send('PATCH', `/accounts/admin/users/${server.aliceId}/`, { last_name: 'L.' })
    assert.equal(res.statusCode, 200)
    assert.equal(res.json().last_name, 'L.')
  })

  it('refuses staff who are not superusers anything touching flags, staff accounts or keys', async () => {
    await seedUser(server, 'helper2', { isStaff: true })
    const helper = await as(server, { username: 'helper2', password: 'a-long-enough-passphrase' })
    const refused = [
      await helper.send('PATCH', `/accounts/admin/users/${server.aliceId}/`, { is_staff: true }),
      await helper.send('PATCH', `/accounts/admin/users/${server.aliceId}/`, { is_superuser: true }),
      await helper.send('POST', '/accounts/admin/users/', {
        username: 'sneaky',
        password: 'a-long-enough-passphrase',
        is_superuser: true,
      }),
      await helper.send('POST', `/accounts/admin/users/${server.adminId}/set_password/`, {
        password: 'another-long-passphrase',
      }),
      await helper.send('PATCH', `/accounts/admin/users/${server.adminId}/`, { is_active: false }),
      await helper.send('DELETE', `/accounts/admin/users/${server.adminId}/`),
      await helper.send('POST', '/accounts/admin/keys/rotate/'),
    ]
    for (const res of refused) {
      assert.equal(res.statusCode, 403, res.body)
      assert.equal(res.json().code, 'permission_denied')
    }
    const alice = await server.stores.users.findById(server.aliceId)
    assert.equal(alice?.isStaff, false)
    assert.equal(alice?.isSuperuser, false)
    assert.equal(await server.stores.users.findByUsername('sneaky'), undefined)
    assert.equal((await server.stores.users.findById(server.adminId))?.isActive, true)
  })

  it('refuses staff who are not superusers revoking a superuser’s sessions, one or all', async () => {
    await seedUser(server, 'helper3', { isStaff: true })
    const helper = await as(server, { username: 'helper3', password: 'a-long-enough-passphrase' })
    await loginAs(server.app, ADMIN)
    const [session] = await server.stores.sessions.listLive(server.adminId, server.clock.now())
    assert.ok(session)
    for (const res of [
      await helper.send('DELETE', `/accounts/admin/sessions/${session.id}/`),
      await helper.send('POST', `/accounts/admin/users/${server.adminId}/logout_all/`),
    ]) {
      assert.equal(res.statusCode, 403)
      assert.equal(res.json().code, 'permission_denied')
    }
    assert.equal((await server.stores.sessions.get(session.id))?.revokedAt, null)
  })

  it('a deactivated admin is refused at once (their access token dies with their sessions)', async () => {
    const id = await seedUser(server, 'root2', { isStaff: true, isSuperuser: true })
    const root2 = await as(server, { username: 'root2', password: 'a-long-enough-passphrase' })
    const admin = await as(server, ADMIN)
    assert.equal(
      (await admin.send('PATCH', `/accounts/admin/users/${id}/`, { is_active: false })).statusCode,
      200,
    )
    const res = await root2.get('/accounts/admin/users/')
    assert.equal(res.statusCode, 401)
  })

  it('answers OPTIONS and 405 only after authenticating, with the Allow header', async () => {
    const admin = await as(server, ADMIN)
    assert.equal((await server.app.inject({ method: 'PUT', url: '/accounts/admin/users/' })).statusCode, 401)
    const res = await server.app.inject({
      method: 'PUT',
      url: '/accounts/admin/users/',
      headers: { authorization: `Bearer ${admin.access}` },
    })
    assert.equal(res.statusCode, 405)
    assert.equal(res.headers.allow, 'GET, HEAD, POST, OPTIONS')
    const options = await server.app.inject({
      method: 'OPTIONS',
      url: '/accounts/admin/users/',
      headers: { authorization: `Bearer ${admin.access}` },
    })
    assert.equal(options.json().name, 'Admin User List Api')
  })

  it('lists every admin endpoint in the OpenAPI document', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    for (const endpoint of ADMIN_ENDPOINTS) {
      const path = endpoint.path.replace(':id', '{id}')
      for (const method of Object.keys(endpoint.handlers))
        assert.ok(doc.paths[path]?.[method.toLowerCase()], `${method} ${path}`)
    }
  })
})
