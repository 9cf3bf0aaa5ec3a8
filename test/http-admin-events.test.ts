import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { ADMIN, type AsUser, as, seedUser } from './helpers/admin-client.ts'
import { TEST_DATABASE_URL } from './helpers/postgres.ts'
import { ALICE, cookieAuth, loginAs, startTestServer, type TestServer } from './helpers/test-server.ts'

const EVENTS = '/accounts/admin/events/'

describe('admin API: the audit log', () => {
  let server: TestServer
  let admin: AsUser
  before(async () => {
    server = await startTestServer()
    admin = await as(server, ADMIN)
  })
  after(() => server.close())

  const events = async (query: string) => (await admin.get(`${EVENTS}?${query}`)).json()

  it('records a login and a failed login with who, from where, and never the password', async () => {
    await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/login/',
      payload: { username: 'alice', password: 'wrong-password-guess' },
      headers: { 'user-agent': 'probe/1' },
    })
    const alice = await loginAs(server.app, ALICE)
    const mine = await events(`user=${server.aliceId}&type=login`)
    assert.ok(mine.count >= 1)
    assert.equal(mine.results[0].type, 'login')
    assert.equal(mine.results[0].user, server.aliceId)
    assert.equal(mine.results[0].actor, null)
    assert.equal(mine.results[0].ip, '127.0.0.1')
    const failed = await events('type=login_failed')
    assert.deepEqual(failed.results[0].detail, { username: 'alice', reason: 'bad_credentials' })
    assert.equal(failed.results[0].user_agent, 'probe/1')
    const everything = JSON.stringify(await events('page_size=100'))
    assert.ok(!everything.includes('wrong-password-guess'))
    assert.ok(!everything.includes(ALICE.password))
    assert.ok(!everything.includes(alice.access) && !everything.includes(alice.refresh))
    assert.ok(!everything.includes(alice.access.split('.')[2] ?? 'x'))
  })

  it('records refresh-token reuse, logout and the revocations they cause', async () => {
    const alice = await loginAs(server.app, ALICE)
    const refreshed = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${alice.refresh}` },
    })
    assert.equal(refreshed.statusCode, 200)
    server.clock.advance(60_000)
    await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${alice.refresh}` },
    })
    const reuse = await events(`user=${server.aliceId}&type=refresh_token_reuse_detected`)
    assert.equal(reuse.count, 1)
    const bob = await loginAs(server.app, ALICE)
    await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers: cookieAuth({ refresh_token: bob.refresh }, bob.csrf),
    })
    assert.ok((await events(`user=${server.aliceId}&type=logout`)).count >= 1)
    const revoked = await events(`user=${server.aliceId}&type=session_revoked`)
    const reasons = revoked.results.map((e: { detail: { reason: string } }) => e.detail.reason)
    assert.ok(reasons.includes('refresh_token_reuse') && reasons.includes('logout'), reasons.join())
  })

  it('records a password change by the user', async () => {
    const id = await seedUser(server, 'pat')
    const pat = await loginAs(server.app, { username: 'pat', password: 'a-long-enough-passphrase' })
    const res = await server.app.inject({
      method: 'POST',
      url: '/accounts/password/change/',
      headers: cookieAuth({ access_token: pat.access }, pat.csrf),
      payload: { old_password: 'a-long-enough-passphrase', new_password: 'another-fine-passphrase' },
    })
    assert.equal(res.statusCode, 200)
    const changed = await events(`user=${id}&type=password_changed`)
    assert.equal(changed.count, 1)
    assert.ok(!JSON.stringify(changed).includes('another-fine-passphrase'))
  })

  it('records every admin action with the acting admin’s id', async () => {
    const created = await admin.send('POST', '/accounts/admin/users/', {
      username: 'quinn',
      password: 'a-long-enough-passphrase',
    })
    const id = created.json().id
    await admin.send('PATCH', `/accounts/admin/users/${id}/`, { first_name: 'Q' })
    await admin.send('PATCH', `/accounts/admin/users/${id}/`, { is_active: false })
    await admin.send('PATCH', `/accounts/admin/users/${id}/`, { is_active: true })
    await admin.send('POST', `/accounts/admin/users/${id}/set_password/`, {
      password: 'quinn-new-passphrase',
    })
    await admin.send('POST', `/accounts/admin/users/${id}/logout_all/`)
    await admin.send('DELETE', `/accounts/admin/users/${id}/`)
    const log = await events(`user=${id}&page_size=50`)
    const admins = log.results.filter((e: { type: string }) => e.type.startsWith('admin.'))
    assert.deepEqual(admins.map((e: { type: string }) => e.type).reverse(), [
      'admin.user_created',
      'admin.user_updated',
      'admin.user_deactivated',
      'admin.user_reactivated',
      'admin.password_set',
      'admin.sessions_revoked',
      'admin.user_deleted',
    ])
    for (const e of admins) assert.equal(e.actor, server.adminId)
    assert.deepEqual(log.results.find((e: { type: string }) => e.type === 'admin.user_updated').detail, {
      fields: 'firstName',
    })
    assert.ok(!JSON.stringify(log).includes('quinn-new-passphrase'))
  })

  it('refuses a user filter that is not an id, and pages like the users list', async () => {
    const bad = await admin.get(`${EVENTS}?user=abc`)
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(bad.json().user, ['Enter a valid number.'])
    const page = await events('page_size=1')
    assert.equal(page.results.length, 1)
    assert.ok(page.next.endsWith('?page_size=1&page=2'))
  })

  it('flush-expired drops entries older than the retention (90 days by default)', async () => {
    const { flushExpiredAudit } = await import('../src/core/audit/flush-expired-audit.ts')
    await server.core.audit.drain()
    const before = (await events('page_size=1')).count
    assert.ok(before > 0)
    assert.equal(
      await flushExpiredAudit(server.core.audit, server.core.settings, server.clock.now() + 89 * 86_400_000),
      0,
    )
    assert.equal(
      await flushExpiredAudit(server.core.audit, server.core.settings, server.clock.now() + 91 * 86_400_000),
      before + 0,
    )
  })
})

describe('admin API on PostgreSQL: junk in every path and query parameter never answers 5xx', () => {
  let server: TestServer
  let admin: AsUser
  const schema = `lk_test_${randomBytes(6).toString('hex')}`
  before(async () => {
    server = await startTestServer({}, `${TEST_DATABASE_URL}?schema=${schema}`)
    admin = await as(server, ADMIN)
  })
  after(async () => {
    await server.close()
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  })

  const junk = [
    '%00',
    'a%00b',
    '%FF%FE',
    '99999999999999999999',
    '-0',
    '1%20',
    "1'--",
    'x'.repeat(190),
    '%C0%80',
  ]

  it('path ids', async () => {
    for (const j of junk) {
      for (const url of [
        `/accounts/admin/users/${j}/`,
        `/accounts/admin/users/${j}/sessions/`,
        `/accounts/admin/sessions/${j}/`,
      ]) {
        const res =
          url.includes('/sessions/') && !url.endsWith('sessions/')
            ? await admin.send('DELETE', url)
            : await admin.get(url)
        assert.ok(res.statusCode < 500, `${url}: ${res.statusCode} ${res.body}`)
      }
    }
  })

  it('query parameters and body fields', async () => {
    for (const j of junk) {
      for (const q of [`search=${j}`, `is_active=${j}`, `page=${j}`, `page_size=${j}`]) {
        const res = await admin.get(`/accounts/admin/users/?${q}`)
        assert.ok(res.statusCode < 500, `${q}: ${res.statusCode} ${res.body}`)
      }
      for (const q of [`user=${j}`, `type=${j}`]) {
        const res = await admin.get(`/accounts/admin/events/?${q}`)
        assert.ok(res.statusCode < 500, `${q}: ${res.statusCode} ${res.body}`)
      }
      const decoded = decodeURIComponent(j.replace(/%(?![0-9A-F]{2})/g, '%25').replace(/%FF%FE|%C0%80/g, ''))
      const created = await admin.send('POST', '/accounts/admin/users/', {
        username: decoded,
        password: 'a-long-enough-passphrase',
        email: decoded,
        first_name: decoded,
      })
      assert.ok(created.statusCode < 500, `${j}: ${created.statusCode} ${created.body}`)
    }
    const nul = await admin.send('POST', '/accounts/admin/users/', {
      username: 'nul\u0000x',
      password: 'a-long-enough-passphrase',
    })
    assert.equal(nul.statusCode, 400)
    const id = await seedUser(server, 'target')
    const patched = await admin.send('PATCH', `/accounts/admin/users/${id}/`, { first_name: 'a\u0000b' })
    assert.equal(patched.statusCode, 400)
  })

  it('the same admin flows work on PostgreSQL: list, search, create, deactivate', async () => {
    const created = await admin.send('POST', '/accounts/admin/users/', {
      username: 'Pgsql_User',
      password: 'a-long-enough-passphrase',
    })
    assert.equal(created.statusCode, 201)
    assert.equal(
      (
        await admin.send('POST', '/accounts/admin/users/', {
          username: 'pgsql_user',
          password: 'a-long-enough-passphrase',
        })
      ).statusCode,
      400,
    )
    const found = (await admin.get('/accounts/admin/users/?search=PGSQL')).json()
    assert.deepEqual(
      found.results.map((u: { username: string }) => u.username),
      ['Pgsql_User'],
    )
    const off = await admin.send('PATCH', `/accounts/admin/users/${created.json().id}/`, { is_active: false })
    assert.equal(off.json().is_active, false)
    const log = (await admin.get(`/accounts/admin/events/?user=${created.json().id}`)).json()
    assert.deepEqual(
      log.results.map((e: { type: string }) => e.type),
      ['admin.user_deactivated', 'admin.user_created'],
    )
  })
})

describe('the audit log never fails a login', () => {
  it('answers 200 to a login while every audit write fails, and logs the failure', async () => {
    const { createServer } = await import('../src/server/create-server.ts')
    const { openStores } = await import('../src/server/open-stores.ts')
    const { FAST_HASHING, SECRET } = await import('./helpers/test-server.ts')
    const opened = await openStores('sqlite::memory:')
    await opened.migrate()
    const errors: string[] = []
    const stores = {
      ...opened,
      audit: {
        ...opened.audit,
        append: async () => {
          throw new Error('audit table unavailable')
        },
      },
    }
    const server = await createServer({
      options: { secretKey: SECRET, passwordHashing: FAST_HASHING },
      stores,
      logger: {
        info() {},
        warn() {},
        error: (fields) => errors.push((fields as { event: string }).event),
      },
    })
    try {
      const hash = await server.core.hasher.hash(ALICE.password)
      await opened.users.create({ username: ALICE.username, passwordHash: hash }, 0)
      const res = await server.app.inject({ method: 'POST', url: '/accounts/auth/login/', payload: ALICE })
      assert.equal(res.statusCode, 200)
      await server.core.audit.drain()
      assert.ok(errors.includes('audit_write_failed'), errors.join())
    } finally {
      await server.app.close()
      await opened.close()
    }
  })
})
