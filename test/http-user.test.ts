import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { deactivateUser } from '../src/core/flows/deactivate-user.ts'
import { ManualClock } from './helpers/manual-clock.ts'
import { HOSTS, startTestHost, type TestHost } from './helpers/test-hosts.ts'
import { cookieAuth, type LoggedIn, loginAs, mintJwt } from './helpers/test-server.ts'

const USER = '/accounts/user/'
const NOT_PROVIDED = { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' }

function notValid(message: string) {
  return {
    detail: 'Given token not valid for any token type',
    code: 'token_not_valid',
    messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
  }
}

for (const host of HOSTS) {
  describe(`GET /accounts/user/ [${host}]`, () => {
    let server: TestHost
    let alice: LoggedIn
    let nowSec: number
    before(async () => {
      server = await startTestHost(host)
      alice = await loginAs(server)
      nowSec = Math.floor(server.clock.now() / 1000)
    })
    after(() => server.close())

    const get = (headers: Record<string, string>, method: 'GET' | 'HEAD' | 'OPTIONS' = 'GET') =>
      server.inject({ method, url: USER, headers })
    const claims = (extra: object = {}) => ({
      token_type: 'access',
      exp: nowSec + 900,
      iat: nowSec,
      jti: 'a'.repeat(32),
      user_id: server.aliceId,
      sid: 'f'.repeat(32),
      ...extra,
    })
    const expectUnauthorized = async (headers: Record<string, string>, body: object) => {
      const res = await get(headers)
      assert.equal(res.statusCode, 401)
      assert.deepEqual(res.json(), body)
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
    }

    it('returns the user for the access cookie', async () => {
      const res = await get({ cookie: `access_token=${alice.access}` })
      assert.equal(res.statusCode, 200)
      assert.equal(
        res.body,
        `{"id":${server.aliceId},"username":"alice","first_name":"Alice","last_name":"Liddell"}`,
      )
      assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
    })

    it('returns the user for a Bearer header, split on any whitespace', async () => {
      for (const header of [
        `Bearer ${alice.access}`,
        `Bearer\t${alice.access}`,
        `Bearer   ${alice.access}`,
      ]) {
        assert.equal((await get({ authorization: header })).statusCode, 200)
      }
    })

    it('answers HEAD with 200 and no body', async () => {
      const res = await get({ cookie: `access_token=${alice.access}` }, 'HEAD')
      assert.equal(res.statusCode, 200)
      assert.equal(res.body, '')
    })

    it('answers OPTIONS with metadata when authenticated, 401 otherwise', async () => {
      const res = await get({ cookie: `access_token=${alice.access}` }, 'OPTIONS')
      assert.equal(res.statusCode, 200)
      assert.equal(res.json().name, 'User Retrieve Api')
      assert.equal((await get({}, 'OPTIONS')).statusCode, 401)
    })

    it('answers 401 "not provided" without credentials, with an empty cookie, or with only the refresh cookie', async () => {
      await expectUnauthorized({}, NOT_PROVIDED)
      await expectUnauthorized({ cookie: 'access_token=' }, NOT_PROVIDED)
      await expectUnauthorized({ cookie: `refresh_token=${alice.refresh}` }, NOT_PROVIDED)
    })

    it('treats a lower-case bearer scheme or Basic as no credentials, ignoring the cookie', async () => {
      await expectUnauthorized({ authorization: `bearer ${alice.access}` }, NOT_PROVIDED)
      await expectUnauthorized(
        { authorization: 'Basic YWxpY2U6eA==', cookie: `access_token=${alice.access}` },
        NOT_PROVIDED,
      )
    })

    it('answers bad_authorization_header for Bearer alone or with two values', async () => {
      const body = {
        detail: 'Authorization header must contain two space-delimited values',
        code: 'bad_authorization_header',
      }
      await expectUnauthorized({ authorization: 'Bearer' }, body)
      await expectUnauthorized({ authorization: 'Bearer a b' }, body)
      // A tab splits as a space does (Python's bytes.split()), inside the token too.
      await expectUnauthorized({ authorization: `Bearer ${alice.access}\tx` }, body)
    })

    it('never falls back to the cookie when the Bearer token is garbage', async () => {
      await expectUnauthorized(
        { authorization: 'Bearer garbage', cookie: `access_token=${alice.access}` },
        notValid('Token is invalid or expired'),
      )
    })

    it('refuses expired, tampered, garbage, alg:none and foreign-key tokens alike', async () => {
      const [h, p] = alice.access.split('.')
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), user_id: server.adminId })).toString('base64url')}.${alice.access.split('.')[2]}`
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`
      for (const token of [
        mintJwt(claims({ exp: nowSec - 1 })),
        tampered,
        'garbage',
        none,
        mintJwt(claims(), 'another-key'),
        mintJwt(claims(), undefined, { alg: 'HS512', typ: 'JWT' }),
      ]) {
        await expectUnauthorized({ cookie: `access_token=${token}` }, notValid('Token is invalid or expired'))
      }
    })

    it('refuses a refresh token as access token, as cookie and as Bearer', async () => {
      await expectUnauthorized({ cookie: `access_token=${alice.refresh}` }, notValid('Token has wrong type'))
      await expectUnauthorized({ authorization: `Bearer ${alice.refresh}` }, notValid('Token has wrong type'))
    })

    it('refuses a token without jti', async () => {
      const { jti: _jti, ...noJti } = claims()
      await expectUnauthorized({ cookie: `access_token=${mintJwt(noJti)}` }, notValid('Token has no id'))
    })

    it('answers user_not_found and user_inactive', async () => {
      await expectUnauthorized(
        { cookie: `access_token=${mintJwt(claims({ user_id: 999 }))}` },
        { detail: 'User not found', code: 'user_not_found' },
      )
      await server.stores.users.setActive(server.aliceId, false)
      try {
        // Edited behind Latchkey's back, in the database: seen once the user cache's 1 s has passed.
        server.clock.advance(1000)
        await expectUnauthorized(
          { cookie: `access_token=${mintJwt(claims())}` },
          { detail: 'User is inactive', code: 'user_inactive' },
        )
      } finally {
        await server.stores.users.setActive(server.aliceId, true)
        server.clock.advance(1000)
      }
    })

    it('deactivating a user through Latchkey refuses their tokens on the very next request', async () => {
      const bob = await server.stores.users.create(
        { username: 'bob', passwordHash: await server.core.hasher.hash('bob passphrase 1') },
        server.clock.now(),
      )
      assert.ok(bob)
      const login = await loginAs(server, { username: 'bob', password: 'bob passphrase 1' })
      assert.equal((await get({ cookie: `access_token=${login.access}` })).statusCode, 200)
      assert.equal(await deactivateUser(server.core, bob.id, { ip: 'test', userAgent: '' }), 1)
      const res = await get({ cookie: `access_token=${login.access}` })
      assert.equal(res.statusCode, 401)
      const refresh = await server.inject({
        method: 'POST',
        url: '/accounts/auth/refresh_token/',
        headers: { cookie: `refresh_token=${login.refresh}` },
      })
      assert.equal(refresh.statusCode, 401)
    })

    it('refuses a SimpleJWT-minted token without sid (shared key): logout could not revoke it', async () => {
      const { sid: _sid, ...noSid } = claims()
      await expectUnauthorized(
        { authorization: `Bearer ${mintJwt(noSid)}` },
        notValid('Token is invalid or expired'),
      )
    })

    it('accepts a token without sid until acceptLegacyTokensUntil, and refuses it from then on', async () => {
      // A fresh test host's clock starts where a new ManualClock does.
      const until = new Date(new ManualClock().now() + 60_000).toISOString()
      const cutover = await startTestHost(host, { acceptLegacyTokensUntil: until })
      try {
        const now = Math.floor(cutover.clock.now() / 1000)
        const legacy = mintJwt({
          token_type: 'access',
          exp: now + 900,
          iat: now,
          jti: 'b'.repeat(32),
          user_id: 2,
        })
        const read = () =>
          cutover.inject({ method: 'GET', url: USER, headers: { cookie: `access_token=${legacy}` } })
        assert.equal((await read()).statusCode, 200)
        cutover.clock.advance(60_000)
        assert.equal((await read()).statusCode, 401)
      } finally {
        await cutover.close()
      }
    })

    it('a cutover-window token belongs to no session: no current session, and a password change asks for a refresh', async () => {
      const cutover = await startTestHost(host, { acceptLegacyTokensUntil: '2100-01-01T00:00:00Z' })
      try {
        const now = Math.floor(cutover.clock.now() / 1000)
        const legacy = mintJwt({
          token_type: 'access',
          exp: now + 900,
          iat: now,
          jti: 'c'.repeat(32),
          user_id: 2,
        })
        await loginAs(cutover)
        const bearer = { authorization: `Bearer ${legacy}` }
        const sessions = await cutover.inject({ method: 'GET', url: '/accounts/sessions/', headers: bearer })
        assert.equal(sessions.statusCode, 200)
        const listed = sessions.json() as { results?: { current: boolean }[] } | { current: boolean }[]
        const rows = Array.isArray(listed) ? listed : (listed.results ?? [])
        assert.ok(rows.length > 0 && rows.every((row) => !row.current), JSON.stringify(listed))
        const change = await cutover.inject({
          method: 'POST',
          url: '/accounts/password/change/',
          headers: { ...bearer, 'content-type': 'application/json' },
          payload: { old_password: 'correct horse battery staple', new_password: 'a brand new passphrase 7' },
        })
        assert.equal(change.statusCode, 401)
        assert.equal(change.json().code, 'token_not_valid')
      } finally {
        await cutover.close()
      }
    })

    it('honours the leeway setting only when configured', async () => {
      const token = mintJwt(claims({ exp: nowSec - 5 }))
      await expectUnauthorized({ cookie: `access_token=${token}` }, notValid('Token is invalid or expired'))
      const lenient = await startTestHost(host, { leeway: '10s' })
      try {
        const res = await lenient.inject({
          method: 'GET',
          url: USER,
          headers: { cookie: `access_token=${token}` },
        })
        assert.equal(res.statusCode, 200)
      } finally {
        await lenient.close()
      }
    })

    it('refuses two access_token cookies instead of picking one', async () => {
      await expectUnauthorized(
        { cookie: `access_token=${alice.access}; access_token=${alice.access}` },
        notValid('Token is invalid or expired'),
      )
    })

    it('refuses a quoted or percent-encoded spelling of a valid token', async () => {
      await expectUnauthorized(
        { cookie: `access_token="${alice.access}"` },
        notValid('Token is invalid or expired'),
      )
      await expectUnauthorized(
        { cookie: `access_token=%65${alice.access.slice(1)}` },
        notValid('Token is invalid or expired'),
      )
    })

    it('checks CSRF before the token on unsafe methods, then answers 405', async () => {
      const post = (headers: Record<string, string>, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'POST') =>
        server.inject({ method, url: USER, headers })
      let res = await post({ cookie: `access_token=${alice.access}` })
      assert.equal(res.statusCode, 403)
      assert.deepEqual(res.json(), { detail: 'CSRF Failed: CSRF cookie not set.', code: 'csrf_failed' })
      res = await post({ cookie: `access_token=garbage` })
      assert.equal(res.json().detail, 'CSRF Failed: CSRF cookie not set.')
      res = await post({ cookie: `access_token=${alice.access}; csrftoken=${alice.csrf}` })
      assert.equal(res.json().detail, 'CSRF Failed: CSRF token missing.')
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        res = await post(cookieAuth({ access_token: alice.access }, alice.csrf), method)
        assert.equal(res.statusCode, 405)
        assert.deepEqual(res.json(), {
          detail: `Method "${method}" not allowed.`,
          code: 'method_not_allowed',
        })
        assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
      }
      res = await post({})
      assert.equal(res.statusCode, 401)
      res = await post({ ...cookieAuth({ access_token: 'garbage' }, alice.csrf) }, 'PATCH')
      assert.deepEqual(res.json(), notValid('Token is invalid or expired'))
    })

    it('needs no CSRF for a Bearer request (deliberate difference 1)', async () => {
      const res = await server.inject({
        method: 'POST',
        url: USER,
        headers: { authorization: `Bearer ${alice.access}` },
      })
      assert.equal(res.statusCode, 405)
    })

    it('answers an unknown path with a JSON 404', async () => {
      const res = await server.inject({ method: 'GET', url: '/accounts/nope/' })
      assert.equal(res.statusCode, 404)
      assert.deepEqual(res.json(), { detail: 'Not found.', code: 'not_found' })
    })

    it('ignores a token in the query string', async () => {
      const res = await server.inject({ method: 'GET', url: `${USER}?access_token=${alice.access}` })
      assert.equal(res.statusCode, 401)
    })
  })

  describe(`paths without the trailing slash [${host}]`, () => {
    it('answers user/ and refresh_token/ the same with or without it, never with a 301', async () => {
      const server = await startTestHost(host)
      try {
        const alice = await loginAs(server)
        const user = await server.inject({
          method: 'GET',
          url: '/accounts/user',
          headers: { cookie: `access_token=${alice.access}` },
        })
        assert.equal(user.statusCode, 200)
        const refresh = await server.inject({
          method: 'POST',
          url: '/accounts/auth/refresh_token',
          headers: { cookie: `refresh_token=${alice.refresh}` },
        })
        assert.equal(refresh.statusCode, 200)
        const html = await server.inject({
          method: 'GET',
          url: '/accounts/user/?format=json',
          headers: { cookie: `access_token=${alice.access}`, accept: 'text/html' },
        })
        assert.equal(html.statusCode, 200)
        assert.match(
          String(html.headers['content-type']),
          /^application\/json/,
          'JSON only: no browsable API',
        )
      } finally {
        await server.close()
      }
    })
  })
}
