import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { jwtPayload } from './helpers/cookies.ts'
import { cookieAuth, loginAs, mintJwt, startTestServer, type TestServer } from './helpers/test-server.ts'

describe('access tokens are tied to their session', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  it('an access token without sid (as SimpleJWT mints them) is refused: logout could never revoke it', async () => {
    const alice = await loginAs(server.app)
    const { sid: _sid, ...claims } = jwtPayload(alice.access)
    const res = await server.app.inject({
      method: 'GET',
      url: '/accounts/user/',
      headers: { authorization: `Bearer ${mintJwt(claims)}` },
    })
    assert.equal(res.statusCode, 401)
    assert.equal(res.json().code, 'token_not_valid')
  })

  it('an access token whose sid is not of the minted shape is refused before any lookup', async () => {
    const alice = await loginAs(server.app)
    for (const sid of ['', 'A'.repeat(32), `${'a'.repeat(31)}\u0000`, 'a'.repeat(33), 42]) {
      const token = mintJwt({ ...jwtPayload(alice.access), sid })
      const res = await server.app.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(res.statusCode, 401, JSON.stringify(sid))
    }
  })
})

describe('Sec-Fetch-Site: cross-site is refused on every unsafe cookie-authenticated request', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  const CROSS_SITE = { 'sec-fetch-site': 'cross-site' }

  it('logout with a valid CSRF token from another site: 403, and the session lives on', async () => {
    const alice = await loginAs(server.app)
    const res = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers: { ...cookieAuth({ refresh_token: alice.refresh }, alice.csrf), ...CROSS_SITE },
    })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().code, 'csrf_failed')
    assert.match(res.json().detail, /Sec-Fetch-Site is cross-site/)
    assert.equal((await server.stores.sessions.get(String(jwtPayload(alice.refresh).sid)))?.revokedAt, null)
  })

  it('logout-all, revoking a session and changing the password by cookie from another site: 403', async () => {
    const alice = await loginAs(server.app)
    const sid = String(jwtPayload(alice.refresh).sid)
    const auth = { ...cookieAuth({ access_token: alice.access }, alice.csrf), ...CROSS_SITE }
    for (const [method, url] of [
      ['POST', '/accounts/auth/logout_all/'],
      ['DELETE', `/accounts/sessions/${sid}/`],
      ['POST', '/accounts/password/change/'],
    ] as const) {
      const res = await server.app.inject({ method, url, headers: auth })
      assert.equal(res.statusCode, 403, url)
      assert.equal(res.json().code, 'csrf_failed', url)
    }
    assert.equal((await server.stores.sessions.get(sid))?.revokedAt, null)
  })

  it('the same logout from the same origin passes', async () => {
    const alice = await loginAs(server.app)
    const res = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers: {
        ...cookieAuth({ refresh_token: alice.refresh }, alice.csrf),
        'sec-fetch-site': 'same-origin',
      },
    })
    assert.equal(res.statusCode, 200)
  })

  it('a trusted front-end origin on another site may still log out', async () => {
    const alice = await loginAs(server.app)
    const res = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers: {
        ...cookieAuth({ refresh_token: alice.refresh }, alice.csrf),
        ...CROSS_SITE,
        origin: 'http://localhost:3000',
      },
    })
    assert.equal(res.statusCode, 200)
  })
})

describe('a wrong method on logout', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  // Replaces http-refresh-logout.test.ts's "answers GET with 405 without touching the session", which sent no
  // session at all and so could not see one touched.
  it('GET with the refresh cookie answers 405 and leaves the session live and refreshable', async () => {
    const alice = await loginAs(server.app)
    const sid = String(jwtPayload(alice.refresh).sid)
    const before = await server.stores.sessions.get(sid)
    const res = await server.app.inject({
      method: 'GET',
      url: '/accounts/auth/logout/',
      headers: cookieAuth({ refresh_token: alice.refresh, access_token: alice.access }, alice.csrf),
    })
    assert.equal(res.statusCode, 405)
    assert.deepEqual(await server.stores.sessions.get(sid), before)
    const refresh = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${alice.refresh}` },
    })
    assert.equal(refresh.statusCode, 200)
  })
})
