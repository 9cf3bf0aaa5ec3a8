import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { jwtPayload, setCookies } from './helpers/cookies.ts'
import { HOSTS, startTestHost, type TestHost } from './helpers/test-hosts.ts'
import { cookieAuth, loginAs, mintJwt } from './helpers/test-server.ts'

const REFRESH = '/accounts/auth/refresh_token/'
const LOGOUT = '/accounts/auth/logout/'
const PERMISSION = { detail: 'You do not have permission to perform this action.', code: 'permission_denied' }

for (const host of HOSTS) {
  describe(`POST /accounts/auth/refresh_token/ [${host}]`, () => {
    let server: TestHost
    before(async () => {
      server = await startTestHost(host)
    })
    after(() => server.close())

    const refresh = (cookie: string | undefined, headers: Record<string, string> = {}) =>
      server.inject({
        method: 'POST',
        url: REFRESH,
        headers: { ...(cookie !== undefined && { cookie }), ...headers },
      })

    it('answers 200 {} with a new access cookie and a rotated refresh cookie, without CSRF', async () => {
      const alice = await loginAs(server)
      server.clock.advance(2000)
      const res = await refresh(`refresh_token=${alice.refresh}`)
      assert.equal(res.statusCode, 200)
      assert.equal(res.body, '{}')
      const cookies = setCookies(res.headers)
      const access = cookies.get('access_token')?.value ?? ''
      const rotated = cookies.get('refresh_token')
      assert.notEqual(access, alice.access)
      assert.ok(rotated)
      assert.notEqual(rotated.value, alice.refresh)
      assert.equal(rotated.attributes.get('Path'), '/accounts/auth/')
      assert.equal(rotated.attributes.get('Max-Age'), String(2592000 - 2))
      assert.equal(
        jwtPayload(rotated.value).exp,
        jwtPayload(alice.refresh).exp,
        'rotation never extends the session',
      )
      const user = await server.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { cookie: `access_token=${access}` },
      })
      assert.equal(user.statusCode, 200)
    })

    it('answers 403 without a refresh cookie, with an empty one, or with the token only in the body', async () => {
      assert.deepEqual((await refresh(undefined)).json(), PERMISSION)
      assert.deepEqual((await refresh('refresh_token=')).json(), PERMISSION)
      const alice = await loginAs(server)
      const res = await server.inject({
        method: 'POST',
        url: REFRESH,
        headers: { 'content-type': 'application/json' },
        payload: { refresh: alice.refresh },
      })
      assert.equal(res.statusCode, 403)
    })

    it('answers 401 token_not_valid for garbage, an access token, an expired and a never-issued token', async () => {
      const alice = await loginAs(server)
      const nowSec = Math.floor(server.clock.now() / 1000)
      const cases: [string, string][] = [
        ['garbage', 'Token is invalid or expired'],
        [alice.access, 'Token has wrong type'],
        [
          mintJwt({
            token_type: 'refresh',
            exp: nowSec - 1,
            iat: nowSec - 100,
            jti: 'b'.repeat(32),
            user_id: server.aliceId,
          }),
          'Token is invalid or expired',
        ],
        [
          mintJwt({
            token_type: 'refresh',
            exp: nowSec + 100,
            iat: nowSec,
            jti: 'c'.repeat(32),
            user_id: server.aliceId,
          }),
          'Token is invalid or expired',
        ],
        [
          mintJwt({
            token_type: 'refresh',
            exp: nowSec + 100,
            iat: nowSec,
            jti: 'd'.repeat(32),
            user_id: server.aliceId,
            sid: 'e'.repeat(32),
          }),
          'Token is invalid or expired',
        ],
      ]
      for (const [token, detail] of cases) {
        const res = await refresh(`refresh_token=${token}`)
        assert.equal(res.statusCode, 401)
        assert.deepEqual(res.json(), { detail, code: 'token_not_valid' })
        assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
      }
    })

    it('refuses tokens of an inactive user (deliberate difference 4)', async () => {
      const alice = await loginAs(server)
      await server.stores.users.setActive(server.aliceId, false)
      try {
        const res = await refresh(`refresh_token=${alice.refresh}`)
        assert.equal(res.statusCode, 401)
        assert.equal(res.json().code, 'user_inactive')
      } finally {
        await server.stores.users.setActive(server.aliceId, true)
      }
    })

    it('refuses a cross-site refresh (deliberate difference 2)', async () => {
      const alice = await loginAs(server)
      const res = await refresh(`refresh_token=${alice.refresh}`, { origin: 'http://evil.example' })
      assert.equal(res.statusCode, 403)
      assert.equal(res.headers['set-cookie'], undefined)
    })

    it('answers GET with 405', async () => {
      const res = await server.inject({ method: 'GET', url: REFRESH })
      assert.equal(res.statusCode, 405)
      assert.equal(res.headers.allow, 'POST, OPTIONS')
    })

    it('refuses two refresh cookies without rotating either', async () => {
      const alice = await loginAs(server)
      const res = await refresh(`refresh_token=${alice.refresh}; refresh_token=${alice.refresh}`)
      assert.equal(res.statusCode, 401)
      assert.equal((await refresh(`refresh_token=${alice.refresh}`)).statusCode, 200)
    })
  })

  describe(`POST /accounts/auth/logout/ [${host}]`, () => {
    let server: TestHost
    before(async () => {
      server = await startTestHost(host)
    })
    after(() => server.close())

    const logout = (headers: Record<string, string>) =>
      server.inject({ method: 'POST', url: LOGOUT, headers })

    it('revokes the session and deletes both cookies with the reference deletion headers', async () => {
      const alice = await loginAs(server)
      const res = await logout({
        ...cookieAuth({ access_token: alice.access, refresh_token: alice.refresh }, alice.csrf),
        origin: 'http://localhost:3000',
      })
      assert.equal(res.statusCode, 200)
      assert.equal(res.body, '{}')
      assert.deepEqual(res.headers['set-cookie'], [
        'access_token=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
        'refresh_token=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/accounts/auth/; SameSite=Lax',
      ])
      const again = await server.inject({
        method: 'POST',
        url: REFRESH,
        headers: { cookie: `refresh_token=${alice.refresh}` },
      })
      assert.deepEqual(again.json(), { detail: 'Token is blacklisted', code: 'token_not_valid' })
      const user = await server.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { cookie: `access_token=${alice.access}` },
      })
      assert.equal(user.statusCode, 401, 'the access token dies with its session')
      const twice = await logout(cookieAuth({ refresh_token: alice.refresh }, alice.csrf))
      assert.deepEqual(twice.json(), { detail: 'Token is blacklisted', code: 'token_not_valid' })
    })

    it('checks CSRF with Django reasons, in order', async () => {
      const alice = await loginAs(server)
      const cookie = `access_token=${alice.access}; refresh_token=${alice.refresh}`
      const cases: [Record<string, string>, string][] = [
        [{ cookie }, 'CSRF cookie not set.'],
        [{ cookie: `${cookie}; csrftoken=${alice.csrf}` }, 'CSRF token missing.'],
        [
          { cookie: `${cookie}; csrftoken=${alice.csrf}`, 'x-csrftoken': 'A'.repeat(64) },
          "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
        ],
        [
          { cookie: `${cookie}; csrftoken=${alice.csrf}`, 'x-csrftoken': 'abc' },
          "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
        ],
        [
          { cookie: `${cookie}; csrftoken=${alice.csrf}`, 'x-csrftoken': '!'.repeat(32) },
          "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.",
        ],
        [
          { cookie: `${cookie}; csrftoken=abc`, 'x-csrftoken': alice.csrf },
          'CSRF cookie has incorrect length.',
        ],
        [
          {
            cookie: `${cookie}; csrftoken=${alice.csrf}`,
            'x-csrftoken': alice.csrf,
            origin: 'http://evil.example',
          },
          'Origin checking failed - http://evil.example does not match any trusted origins.',
        ],
        [
          { cookie: `${cookie}; csrftoken=${alice.csrf}`, 'x-csrftoken': alice.csrf, origin: 'null' },
          'Origin checking failed - null does not match any trusted origins.',
        ],
        [
          {
            cookie: `${cookie}; csrftoken=${alice.csrf}`,
            'x-csrftoken': alice.csrf,
            origin: 'https://localhost:3000',
          },
          'Origin checking failed - https://localhost:3000 does not match any trusted origins.',
        ],
      ]
      for (const [headers, reason] of cases) {
        const res = await logout(headers)
        assert.equal(res.statusCode, 403, reason)
        assert.deepEqual(res.json(), { detail: `CSRF Failed: ${reason}`, code: 'csrf_failed' })
      }
      const malformed = await logout({ cookie: `${cookie}; csrftoken=abc`, 'x-csrftoken': alice.csrf })
      assert.match(setCookies(malformed.headers).get('csrftoken')?.value ?? '', /^[A-Za-z0-9]{32}$/)
      const stillLive = await server.inject({
        method: 'POST',
        url: REFRESH,
        headers: { cookie: `refresh_token=${alice.refresh}` },
      })
      assert.equal(stillLive.statusCode, 200, 'no refused logout revoked anything')
    })

    it('accepts the CSRF token from the csrfmiddlewaretoken form field', async () => {
      const alice = await loginAs(server)
      const res = await server.inject({
        method: 'POST',
        url: LOGOUT,
        headers: {
          cookie: `access_token=${alice.access}; refresh_token=${alice.refresh}; csrftoken=${alice.csrf}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `csrfmiddlewaretoken=${alice.csrf}`,
      })
      assert.equal(res.statusCode, 200)
    })

    it('answers 403 with a valid access token but no refresh cookie, 401 with nothing', async () => {
      const alice = await loginAs(server)
      assert.deepEqual(
        (await logout(cookieAuth({ access_token: alice.access }, alice.csrf))).json(),
        PERMISSION,
      )
      const res = await logout({})
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().code, 'not_authenticated')
    })

    it('works with an expired access token while the refresh cookie is valid (deliberate difference 3)', async () => {
      const alice = await loginAs(server)
      server.clock.advance(16 * 60 * 1000)
      const res = await logout(
        cookieAuth({ access_token: alice.access, refresh_token: alice.refresh }, alice.csrf),
      )
      assert.equal(res.statusCode, 200)
    })

    it('refuses, and does not revoke, another user’s refresh token (deliberate difference 3)', async () => {
      const alice = await loginAs(server)
      const admin = await loginAs(server, { username: 'admin', password: 'admin-local-pass' })
      const res = await logout(
        cookieAuth({ access_token: alice.access, refresh_token: admin.refresh }, alice.csrf),
      )
      assert.deepEqual(res.json(), PERMISSION)
      const adminRefresh = await server.inject({
        method: 'POST',
        url: REFRESH,
        headers: { cookie: `refresh_token=${admin.refresh}` },
      })
      assert.equal(adminRefresh.statusCode, 200)
    })

    it('logs out with a Bearer access token plus the refresh cookie and CSRF', async () => {
      const alice = await loginAs(server)
      const res = await logout({
        ...cookieAuth({ refresh_token: alice.refresh }, alice.csrf),
        authorization: `Bearer ${alice.access}`,
      })
      assert.equal(res.statusCode, 200)
    })

    it('answers garbage and wrong-type refresh cookies with 401', async () => {
      const alice = await loginAs(server)
      let res = await logout(cookieAuth({ access_token: alice.access, refresh_token: 'garbage' }, alice.csrf))
      assert.deepEqual(res.json(), { detail: 'Token is invalid or expired', code: 'token_not_valid' })
      res = await logout(cookieAuth({ access_token: alice.access, refresh_token: alice.access }, alice.csrf))
      assert.deepEqual(res.json(), { detail: 'Token has wrong type', code: 'token_not_valid' })
    })

    it('leaves other sessions of the same user alive', async () => {
      const first = await loginAs(server)
      const second = await loginAs(server)
      await logout(cookieAuth({ refresh_token: first.refresh }, first.csrf))
      const res = await server.inject({
        method: 'POST',
        url: REFRESH,
        headers: { cookie: `refresh_token=${second.refresh}` },
      })
      assert.equal(res.statusCode, 200)
    })
  })
}
