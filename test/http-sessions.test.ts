import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { flushExpiredSessions } from '../src/core/sessions/flush-expired.ts'
import { jwtPayload, setCookies } from './helpers/cookies.ts'
import { HOSTS, startTestHost, type TestHost } from './helpers/test-hosts.ts'
import { ALICE, cookieAuth, loginAs } from './helpers/test-server.ts'

const REFRESH = '/accounts/auth/refresh_token/'

for (const host of HOSTS) {
  describe(`refresh rotation with a grace window [${host}]`, () => {
    let server: TestHost
    const reuse: object[] = []
    before(async () => {
      server = await startTestHost(host, {}, 'sqlite::memory:', {
        onRefreshReuseDetected: (event) => {
          reuse.push(event)
        },
      })
    })
    after(() => server.close())

    const refresh = (token: string) =>
      server.inject({ method: 'POST', url: REFRESH, headers: { cookie: `refresh_token=${token}` } })
    const refreshedToken = (res: Awaited<ReturnType<typeof refresh>>) =>
      setCookies(res.headers).get('refresh_token')?.value ?? ''

    it('20 parallel refreshes of one token all succeed with one and the same successor, rotated once', async () => {
      const alice = await loginAs(server)
      const sid = String(jwtPayload(alice.refresh).sid)
      const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(alice.refresh)))
      for (const res of answers) assert.equal(res.statusCode, 200)
      const successors = new Set(answers.map(refreshedToken))
      assert.equal(successors.size, 1, 'one successor, byte for byte')
      const session = await server.stores.sessions.get(sid)
      assert.equal(session?.previousJti, jwtPayload(alice.refresh).jti, 'exactly one rotation recorded')
      assert.equal(session?.currentJti, jwtPayload([...successors][0] ?? '').jti)
    })

    it('a replay after the grace window revokes the session and its newest tokens stop working', async () => {
      const alice = await loginAs(server)
      const first = await refresh(alice.refresh)
      const newest = refreshedToken(first)
      const newestAccess = setCookies(first.headers).get('access_token')?.value ?? ''
      server.clock.advance(11_000)
      const replay = await refresh(alice.refresh)
      assert.equal(replay.statusCode, 401)
      assert.equal(replay.json().code, 'token_not_valid')
      assert.equal((await refresh(newest)).statusCode, 401, 'the newest refresh token is dead too')
      const user = await server.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { cookie: `access_token=${newestAccess}` },
      })
      assert.equal(user.statusCode, 401, 'and so is its access token')
      assert.ok(
        reuse.some((event) => (event as { sessionId: string }).sessionId === jwtPayload(alice.refresh).sid),
      )
    })

    it('a grandparent token is a replay even inside the window', async () => {
      const alice = await loginAs(server)
      const child = refreshedToken(await refresh(alice.refresh))
      const grandchild = refreshedToken(await refresh(child))
      assert.equal((await refresh(alice.refresh)).statusCode, 401)
      assert.equal((await refresh(grandchild)).statusCode, 401)
    })

    it('the just-retired token inside the window gets the current successor', async () => {
      const alice = await loginAs(server)
      const child = refreshedToken(await refresh(alice.refresh))
      server.clock.advance(9_000)
      const again = await refresh(alice.refresh)
      assert.equal(again.statusCode, 200)
      assert.equal(refreshedToken(again), child)
    })
  })

  describe(`revocation, sessions and password change [${host}]`, () => {
    let server: TestHost
    before(async () => {
      server = await startTestHost(host)
    })
    after(() => server.close())

    const get = (url: string, access: string) =>
      server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${access}` } })

    it('lists the caller’s live sessions and marks the current one', async () => {
      const laptop = await loginAs(server)
      await loginAs(server)
      const res = await get('/accounts/sessions/', laptop.access)
      assert.equal(res.statusCode, 200)
      const sessions = res.json() as { id: string; current: boolean }[]
      assert.ok(sessions.length >= 2)
      assert.equal(sessions.filter((s) => s.current).length, 1)
      assert.equal(sessions.find((s) => s.current)?.id, jwtPayload(laptop.access).sid)
    })

    it('revokes one of the caller’s sessions, and answers 404 for another user’s', async () => {
      const phone = await loginAs(server)
      const laptop = await loginAs(server)
      const admin = await loginAs(server, { username: 'admin', password: 'admin-local-pass' })
      const phoneSid = String(jwtPayload(phone.access).sid)
      const other = await server.inject({
        method: 'DELETE',
        url: `/accounts/sessions/${phoneSid}/`,
        headers: { authorization: `Bearer ${admin.access}` },
      })
      assert.equal(other.statusCode, 404)
      const res = await server.inject({
        method: 'DELETE',
        url: `/accounts/sessions/${phoneSid}/`,
        headers: { authorization: `Bearer ${laptop.access}` },
      })
      assert.equal(res.statusCode, 204)
      assert.equal((await get('/accounts/user/', phone.access)).statusCode, 401)
      assert.equal((await get('/accounts/user/', laptop.access)).statusCode, 200)
    })

    it('logout_all revokes every session of the caller', async () => {
      const a = await loginAs(server)
      const b = await loginAs(server)
      const res = await server.inject({
        method: 'POST',
        url: '/accounts/auth/logout_all/',
        headers: cookieAuth({ access_token: a.access }, a.csrf),
      })
      assert.equal(res.statusCode, 200)
      assert.equal((await get('/accounts/user/', a.access)).statusCode, 401)
      assert.equal((await get('/accounts/user/', b.access)).statusCode, 401)
    })

    it('password change logs out the other device and not the caller', async () => {
      const other = await loginAs(server)
      const me = await loginAs(server)
      const res = await server.inject({
        method: 'POST',
        url: '/accounts/password/change/',
        headers: { authorization: `Bearer ${me.access}`, 'content-type': 'application/json' },
        payload: { old_password: ALICE.password, new_password: 'a brand new passphrase 42' },
      })
      assert.equal(res.statusCode, 200, res.body)
      const fresh = setCookies(res.headers)
      assert.equal((await get('/accounts/user/', other.access)).statusCode, 401)
      assert.equal((await get('/accounts/user/', fresh.get('access_token')?.value ?? '')).statusCode, 200)
      const stale = await server.inject({
        method: 'POST',
        url: REFRESH,
        headers: { cookie: `refresh_token=${other.refresh}` },
      })
      assert.equal(stale.statusCode, 401)
      const login = await server.inject({
        method: 'POST',
        url: '/accounts/auth/login/',
        payload: { username: 'alice', password: 'a brand new passphrase 42' },
      })
      assert.equal(login.statusCode, 200)
      await server.stores.users.setPasswordHash(server.aliceId, await server.core.hasher.hash(ALICE.password))
    })

    it('password change refuses a wrong old password and a weak new one', async () => {
      const me = await loginAs(server)
      const post = (payload: object) =>
        server.inject({
          method: 'POST',
          url: '/accounts/password/change/',
          headers: { authorization: `Bearer ${me.access}`, 'content-type': 'application/json' },
          payload,
        })
      let res = await post({ old_password: 'nope', new_password: 'a brand new passphrase 42' })
      assert.equal(res.statusCode, 400)
      assert.deepEqual(res.json().old_password, [
        'Your old password was entered incorrectly. Please enter it again.',
      ])
      res = await post({ old_password: ALICE.password, new_password: '12345678' })
      assert.equal(res.statusCode, 400)
      assert.ok((res.json().new_password as string[]).includes('This password is entirely numeric.'))
    })
  })

  describe(`the access-in-body variant [${host}]`, () => {
    let server: TestHost
    before(async () => {
      server = await startTestHost(host)
    })
    after(() => server.close())

    it('returns the access token in the body and the refresh token only in the cookie', async () => {
      const res = await server.inject({ method: 'POST', url: '/accounts/auth/token/', payload: ALICE })
      assert.equal(res.statusCode, 200)
      const body = res.json() as Record<string, string>
      assert.deepEqual(Object.keys(body), ['access'])
      const cookies = setCookies(res.headers)
      assert.equal(cookies.has('access_token'), false)
      const refresh = cookies.get('refresh_token')?.value ?? ''
      assert.ok(!res.body.includes(refresh))
      const user = await server.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { authorization: `Bearer ${body.access}` },
      })
      assert.equal(user.statusCode, 200)
      const refreshed = await server.inject({
        method: 'POST',
        url: '/accounts/auth/token/refresh/',
        headers: { cookie: `refresh_token=${refresh}` },
      })
      assert.equal(refreshed.statusCode, 200)
      assert.ok(typeof refreshed.json().access === 'string')
      assert.ok(setCookies(refreshed.headers).get('refresh_token')?.value)
    })

    it('answers a missing cookie with the variant’s message', async () => {
      const res = await server.inject({ method: 'POST', url: '/accounts/auth/token/refresh/' })
      assert.equal(res.statusCode, 401)
      assert.deepEqual(res.json(), {
        detail: "No valid token found in cookie 'refresh_token'",
        code: 'token_not_valid',
      })
    })
  })

  describe(`flush-expired over real sessions [${host}]`, () => {
    it('removes long-revoked and expired sessions and nothing that still works', async () => {
      const server = await startTestHost(host, { refreshTokenLifetime: '60d' })
      try {
        const DAY = 86_400_000
        const gone = await loginAs(server)
        const kept = await loginAs(server)
        await server.inject({
          method: 'POST',
          url: '/accounts/auth/logout/',
          headers: cookieAuth({ refresh_token: gone.refresh }, gone.csrf),
        })
        const refresh = (token: string) =>
          server.inject({ method: 'POST', url: REFRESH, headers: { cookie: `refresh_token=${token}` } })
        server.clock.advance(29 * DAY)
        assert.equal(
          await flushExpiredSessions(server.stores.sessions, server.core.settings, server.clock.now()),
          0,
        )
        server.clock.advance(2 * DAY)
        assert.equal(
          await flushExpiredSessions(server.stores.sessions, server.core.settings, server.clock.now()),
          1,
        )
        const alive = await refresh(kept.refresh)
        assert.equal(alive.statusCode, 200, 'a live session survives the flush')
        assert.equal((await refresh(gone.refresh)).statusCode, 401, 'a flushed session never comes back')
        server.clock.advance(30 * DAY)
        assert.equal(
          await flushExpiredSessions(server.stores.sessions, server.core.settings, server.clock.now()),
          1,
        )
        assert.equal(await server.stores.sessions.get(String(jwtPayload(kept.refresh).sid)), undefined)
      } finally {
        await server.close()
      }
    })
  })
}
