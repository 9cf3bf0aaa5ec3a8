import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { listSessions } from '../src/core/flows/manage-sessions.ts'
import type { AuthRequest } from '../src/core/http.ts'
import { jwtPayload, setCookies } from './helpers/cookies.ts'
import { loginAs, startTestServer, type TestServer } from './helpers/test-server.ts'

const REFRESH = '/accounts/auth/refresh_token/'
const SESSIONS = '/accounts/sessions/'
const DAY = 86_400_000

describe('the idle timeout (sessionIdleTimeout)', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer({ sessionIdleTimeout: '7d' })
  })
  after(() => server.close())

  const refresh = (token: string) =>
    server.app.inject({ method: 'POST', url: REFRESH, headers: { cookie: `refresh_token=${token}` } })

  it('a session refreshed within the timeout lives on; one left unused for it is over and no longer listed', async () => {
    const idle = await loginAs(server.app)
    const busy = await loginAs(server.app)
    server.clock.advance(7 * DAY - 1000)
    const kept = await refresh(busy.refresh)
    assert.equal(kept.statusCode, 200, 'refreshed just inside the timeout')
    server.clock.advance(1000)
    const over = await refresh(idle.refresh)
    assert.equal(over.statusCode, 401)
    assert.deepEqual(over.json(), { detail: 'Token is invalid or expired', code: 'token_not_valid' })
    const access = setCookies(kept.headers).get('access_token')?.value ?? ''
    const list = await server.app.inject({
      method: 'GET',
      url: SESSIONS,
      headers: { authorization: `Bearer ${access}` },
    })
    const ids = (list.json() as { id: string }[]).map((s) => s.id)
    assert.ok(!ids.includes(String(jwtPayload(idle.refresh).sid)), 'the idle session is listed as over')
    assert.ok(ids.includes(String(jwtPayload(busy.refresh).sid)))
  })

  it('an access token never outlives its session: issued in its last minutes, its exp is the session end', async () => {
    const short = await startTestServer({ refreshTokenLifetime: '1h', accessTokenLifetime: '15m' })
    try {
      const alice = await loginAs(short.app)
      const end = Number(jwtPayload(alice.refresh).exp)
      short.clock.advance(55 * 60_000)
      const res = await short.app.inject({
        method: 'POST',
        url: REFRESH,
        headers: { cookie: `refresh_token=${alice.refresh}` },
      })
      assert.equal(res.statusCode, 200)
      const cookie = setCookies(res.headers).get('access_token')
      assert.equal(Number(jwtPayload(cookie?.value ?? '').exp), end)
      assert.equal(cookie?.attributes.get('Max-Age'), String(5 * 60))
    } finally {
      await short.close()
    }
  })
})

describe('the per-user session cap (maxSessionsPerUser)', () => {
  let server: TestServer
  const revoked: { sessionId: string; reason: string }[] = []
  before(async () => {
    server = await startTestServer({ maxSessionsPerUser: 3 }, 'sqlite::memory:', {
      onSessionRevoked: (event) => {
        revoked.push({ sessionId: event.sessionId, reason: event.reason })
      },
    })
  })
  after(() => server.close())

  it('a login beyond the cap revokes the oldest live session, whose access token stops at once', async () => {
    const oldest = await loginAs(server.app)
    server.clock.advance(1000)
    for (let i = 0; i < 2; i++) {
      await loginAs(server.app)
      server.clock.advance(1000)
    }
    const user = () =>
      server.app.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { authorization: `Bearer ${oldest.access}` },
      })
    assert.equal((await user()).statusCode, 200)
    const newest = await loginAs(server.app)
    assert.equal((await user()).statusCode, 401)
    const sid = String(jwtPayload(oldest.refresh).sid)
    assert.deepEqual(revoked, [{ sessionId: sid, reason: 'session_limit' }])
    const list = await server.app.inject({
      method: 'GET',
      url: SESSIONS,
      headers: { authorization: `Bearer ${newest.access}` },
    })
    assert.equal((list.json() as unknown[]).length, 3)
  })
})

describe('paging the session list', () => {
  let server: TestServer
  let access = ''
  const sids: string[] = []
  before(async () => {
    server = await startTestServer()
    for (let i = 0; i < 5; i++) {
      const login = await loginAs(server.app)
      sids.unshift(String(jwtPayload(login.refresh).sid))
      access = login.access
      server.clock.advance(1000)
    }
  })
  after(() => server.close())

  /** The list flow with a query string, as every adapter hands it over. */
  const list = (query?: string) => {
    const request: AuthRequest = {
      method: 'GET',
      path: SESSIONS,
      ...(query !== undefined && { query }),
      headers: { authorization: `Bearer ${access}` },
      body: { kind: 'none' },
      ip: '127.0.0.1',
      secure: false,
    }
    return listSessions(server.core, request)
  }

  it('without page or page_size the answer is the plain list, newest first, as before', async () => {
    const result = await list()
    assert.deepEqual(
      (result.body as { id: string }[]).map((s) => s.id),
      sids,
    )
    const http = await server.app.inject({
      method: 'GET',
      url: SESSIONS,
      headers: { authorization: `Bearer ${access}` },
    })
    assert.ok(Array.isArray(http.json()))
  })

  it('page and page_size answer DRF’s shape: count, next, previous, results', async () => {
    const all = (await list()).body as unknown[]
    const first = await list('page=1&page_size=2')
    assert.deepEqual(first.body, {
      count: 5,
      next: '/accounts/sessions/?page=2&page_size=2',
      previous: null,
      results: all.slice(0, 2),
    })
    const last = await list('page=3&page_size=2')
    const body = last.body as { next: unknown; previous: unknown; results: { id: string }[] }
    assert.equal(body.next, null)
    assert.equal(body.previous, '/accounts/sessions/?page=2&page_size=2')
    assert.deepEqual(
      body.results.map((s) => s.id),
      sids.slice(4),
    )
  })

  it('page_size alone starts at page 1; a larger one is capped at 100', async () => {
    const result = await list('page_size=1000')
    const body = result.body as { count: number; results: unknown[] }
    assert.equal(body.count, 5)
    assert.equal(body.results.length, 5)
  })

  it('a page past the end, zero or not a number is 404 Invalid page.', async () => {
    for (const query of ['page=4&page_size=2', 'page=0', 'page=x', 'page=%00'])
      await assert.rejects(list(query), (error: { code: string; detail: string }) => {
        assert.equal(error.code, 'not_found', query)
        assert.equal(error.detail, 'Invalid page.')
        return true
      })
  })
})
