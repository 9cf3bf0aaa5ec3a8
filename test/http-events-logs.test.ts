import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Logger } from '../src/core/logger.ts'
import { createServer } from '../src/server/create-server.ts'
import { openStores, type Stores } from '../src/server/open-stores.ts'
import { setCookies } from './helpers/cookies.ts'
import { ManualClock } from './helpers/manual-clock.ts'
import { ALICE, cookieAuth, FAST_HASHING, SECRET } from './helpers/test-server.ts'

describe('events and log lines', () => {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = []
  const events: string[] = []
  let stores: Stores
  let app: Awaited<ReturnType<typeof createServer>>['app']
  const clock = new ManualClock()

  before(async () => {
    stores = await openStores('sqlite::memory:')
    await stores.migrate()
    const logger: Logger = {
      info: (fields, message) =>
        lines.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
      warn: (fields, message) =>
        lines.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
      error: (fields, message) =>
        lines.push({ level: 'error', fields: fields as Record<string, unknown>, message }),
    }
    const record = (name: string) => () => {
      events.push(name)
    }
    const server = await createServer({
      options: { secretKey: SECRET, passwordHashing: FAST_HASHING },
      stores,
      clock,
      logger,
      events: {
        onLogin: record('login'),
        onLoginFailed: record('login_failed'),
        onRefresh: record('refresh'),
        onRefreshReuseDetected: record('reuse'),
        onLogout: record('logout'),
        onSessionRevoked: () => {
          throw new Error('a failing hook never changes the response')
        },
        onPasswordChanged: record('password_changed'),
      },
    })
    app = server.app
    await stores.users.create(
      { username: 'alice', passwordHash: await server.core.hasher.hash(ALICE.password) },
      clock.now(),
    )
  })
  after(async () => {
    await app.close()
    await stores.close()
  })

  it('fires each hook and writes one structured line per event, with no token, cookie or password in any line', async () => {
    await app.inject({
      method: 'POST',
      url: '/accounts/auth/login/',
      payload: { username: 'alice', password: 'wrong guess' },
    })
    const login = await app.inject({ method: 'POST', url: '/accounts/auth/login/', payload: ALICE })
    const cookies = setCookies(login.headers)
    const access = cookies.get('access_token')?.value ?? ''
    const refresh = cookies.get('refresh_token')?.value ?? ''
    const csrf = cookies.get('csrftoken')?.value ?? ''
    const refreshed = await app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${refresh}` },
    })
    const newest = setCookies(refreshed.headers).get('refresh_token')?.value ?? ''
    clock.advance(60_000)
    await app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${refresh}` },
    })
    const second = await app.inject({ method: 'POST', url: '/accounts/auth/login/', payload: ALICE })
    const s = setCookies(second.headers)
    const logout = await app.inject({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers: cookieAuth(
        { refresh_token: s.get('refresh_token')?.value ?? '' },
        s.get('csrftoken')?.value ?? '',
      ),
    })
    assert.equal(logout.statusCode, 200)

    assert.deepEqual(events, ['login_failed', 'login', 'refresh', 'reuse', 'login', 'logout'])
    const names = lines.map((line) => line.fields.event)
    for (const name of [
      'login_failed',
      'login',
      'refresh',
      'refresh_token_reuse_detected',
      'session_revoked',
      'logout',
    ])
      assert.ok(names.includes(name), name)
    const reuse = lines.find((line) => line.fields.event === 'refresh_token_reuse_detected')
    assert.equal(reuse?.level, 'warn')
    assert.ok(reuse?.fields.sessionId && reuse.fields.userId && reuse.fields.ip)
    assert.ok(lines.some((line) => line.message === 'hook failed'))
    const text = JSON.stringify(lines)
    for (const secret of [access, refresh, newest, csrf, ALICE.password, 'wrong guess', SECRET])
      assert.ok(secret !== '' && !text.includes(secret), 'a secret reached a log line')
  })
})
