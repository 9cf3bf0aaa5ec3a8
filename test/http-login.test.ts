import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { jwtHeader, jwtPayload, setCookies } from './helpers/cookies.ts'
import { HOSTS, startTestHost, type TestHost } from './helpers/test-hosts.ts'
import { ALICE } from './helpers/test-server.ts'

const LOGIN = '/accounts/auth/login/'
const BAD_CREDENTIALS = { detail: 'Incorrect authentication credentials.', code: 'authentication_failed' }

for (const host of HOSTS) {
  describe(`POST /accounts/auth/login/ [${host}]`, () => {
    let server: TestHost
    before(async () => {
      server = await startTestHost(host)
    })
    after(() => server.close())

    const post = (payload: unknown, headers: Record<string, string> = {}) =>
      server.inject({
        method: 'POST',
        url: LOGIN,
        headers: { 'content-type': 'application/json', ...headers },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      })

    it('answers 200 {} with access, refresh and a rotated csrftoken cookie, in the reference order', async () => {
      const res = await post(ALICE, { cookie: 'csrftoken=aOVWq3Q5rpuW4ivy1SBOmHqCLSahN2Ji' })
      assert.equal(res.statusCode, 200)
      assert.equal(res.body, '{}')
      const names = [...setCookies(res.headers).keys()]
      assert.deepEqual(names, ['access_token', 'refresh_token', 'csrftoken'])
      const cookies = setCookies(res.headers)
      const access = cookies.get('access_token')
      const refresh = cookies.get('refresh_token')
      assert.ok(access && refresh)
      assert.equal(
        access.raw,
        `access_token=${access.value}; expires=Sun, 22 Nov 2026 10:26:03 GMT; HttpOnly; Max-Age=900; Path=/; SameSite=Lax`,
      )
      assert.equal(
        refresh.raw,
        `refresh_token=${refresh.value}; expires=Tue, 22 Dec 2026 10:11:03 GMT; HttpOnly; Max-Age=2592000; Path=/accounts/auth/; SameSite=Lax`,
      )
      assert.notEqual(cookies.get('csrftoken')?.value, 'aOVWq3Q5rpuW4ivy1SBOmHqCLSahN2Ji')
      assert.ok(!res.body.includes(access.value), 'no token in the body')
    })

    it('issues SimpleJWT-shaped HS256 tokens', async () => {
      const cookies = setCookies((await post(ALICE)).headers)
      const access = cookies.get('access_token')?.value ?? ''
      const refresh = cookies.get('refresh_token')?.value ?? ''
      assert.deepEqual(jwtHeader(access), { alg: 'HS256', typ: 'JWT' })
      const a = jwtPayload(access)
      const r = jwtPayload(refresh)
      assert.deepEqual(Object.keys(a), ['token_type', 'exp', 'iat', 'jti', 'user_id', 'sid'])
      assert.equal(a.token_type, 'access')
      assert.equal(r.token_type, 'refresh')
      assert.equal(a.user_id, server.aliceId)
      assert.equal(a.iat, r.iat)
      assert.equal((a.exp as number) - (a.iat as number), 900)
      assert.equal((r.exp as number) - (r.iat as number), 2592000)
      assert.match(String(a.jti), /^[0-9a-f]{32}$/)
      assert.notEqual(a.jti, r.jti)
      assert.equal(a.sid, r.sid)
    })

    it('accepts form-encoded and multipart bodies', async () => {
      const form = await server.inject({
        method: 'POST',
        url: LOGIN,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'username=alice&password=correct+horse+battery+staple',
      })
      assert.equal(form.statusCode, 200)
      const boundary = 'XyZbOuNdArY'
      const multipart = await server.inject({
        method: 'POST',
        url: LOGIN,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n--${boundary}\r\nContent-Disposition: form-data; name="password"\r\n\r\ncorrect horse battery staple\r\n--${boundary}--\r\n`,
      })
      assert.equal(multipart.statusCode, 200)
    })

    it('answers a wrong password, an unknown user and a wrong-case username identically', async () => {
      const answers = await Promise.all([
        post({ username: 'alice', password: 'wrong' }),
        post({ username: 'nobody', password: ALICE.password }),
        post({ username: 'Alice', password: ALICE.password }),
      ])
      for (const res of answers) {
        assert.equal(res.statusCode, 403)
        assert.deepEqual(res.json(), BAD_CREDENTIALS)
        assert.equal(res.headers['set-cookie'], undefined)
        assert.equal(res.headers['www-authenticate'], undefined)
      }
    })

    it('refuses an inactive user with the same generic answer', async () => {
      await server.stores.users.setActive(server.aliceId, false)
      try {
        const res = await post(ALICE)
        assert.equal(res.statusCode, 403)
        assert.deepEqual(res.json(), BAD_CREDENTIALS)
      } finally {
        await server.stores.users.setActive(server.aliceId, true)
      }
    })

    it('does not trim whitespace around credentials (deliberate difference 5)', async () => {
      const res = await post({ username: '  alice ', password: '  correct horse battery staple  ' })
      assert.equal(res.statusCode, 403)
    })

    const fieldCases: [string, unknown, object][] = [
      [
        'an empty object',
        {},
        { username: ['This field is required.'], password: ['This field is required.'] },
      ],
      ['a missing password', { username: 'alice' }, { password: ['This field is required.'] }],
      [
        'blank strings',
        { username: '', password: '' },
        { username: ['This field may not be blank.'], password: ['This field may not be blank.'] },
      ],
      [
        'null values',
        { username: null, password: null },
        { username: ['This field may not be null.'], password: ['This field may not be null.'] },
      ],
      [
        'non-string values',
        { username: ['alice'], password: { a: 1 } },
        { username: ['Not a valid string.'], password: ['Not a valid string.'] },
      ],
      ['a JSON array body', [], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
      [
        'a JSON string body',
        'x',
        { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] },
      ],
    ]
    for (const [name, payload, fields] of fieldCases) {
      it(`answers 400 with DRF's field errors for ${name}`, async () => {
        const res = await post(JSON.stringify(payload))
        assert.equal(res.statusCode, 400)
        assert.deepEqual(res.json(), { ...fields, detail: 'Invalid input.', code: 'invalid' })
      })
    }

    it('answers malformed JSON with the reference parse error', async () => {
      const res = await post('{bad')
      assert.equal(res.statusCode, 400)
      assert.deepEqual(res.json(), {
        detail:
          'JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
        code: 'parse_error',
      })
    })

    it('answers text/plain with 415', async () => {
      const res = await post(JSON.stringify(ALICE), { 'content-type': 'text/plain' })
      assert.equal(res.statusCode, 415)
      assert.deepEqual(res.json(), {
        detail: 'Unsupported media type "text/plain" in request.',
        code: 'unsupported_media_type',
      })
    })

    it('treats no body and no Content-Type as missing fields', async () => {
      const res = await server.inject({ method: 'POST', url: LOGIN })
      assert.equal(res.statusCode, 400)
      assert.deepEqual(res.json().username, ['This field is required.'])
    })

    it('answers GET with 405 and Allow: POST, OPTIONS', async () => {
      const res = await server.inject({ method: 'GET', url: LOGIN })
      assert.equal(res.statusCode, 405)
      assert.deepEqual(res.json(), { detail: 'Method "GET" not allowed.', code: 'method_not_allowed' })
      assert.equal(res.headers.allow, 'POST, OPTIONS')
    })

    it('works without the trailing slash, never a 301', async () => {
      const res = await server.inject({ method: 'POST', url: '/accounts/auth/login', payload: ALICE })
      assert.equal(res.statusCode, 200)
    })

    it('ignores a garbage access_token cookie', async () => {
      const res = await post(ALICE, { cookie: 'access_token=garbage' })
      assert.equal(res.statusCode, 200)
    })

    it('refuses a login from an untrusted Origin (deliberate difference 2)', async () => {
      const res = await post(ALICE, { origin: 'http://evil.example' })
      assert.equal(res.statusCode, 403)
      assert.equal(res.json().code, 'csrf_failed')
      assert.equal(res.headers['set-cookie'], undefined)
    })

    it('refuses Sec-Fetch-Site: cross-site (deliberate difference 2)', async () => {
      const res = await post(ALICE, { 'sec-fetch-site': 'cross-site' })
      assert.equal(res.statusCode, 403)
      assert.equal(res.headers['set-cookie'], undefined)
    })

    it('accepts a trusted Origin and the server’s own origin', async () => {
      assert.equal((await post(ALICE, { origin: 'http://localhost:3000' })).statusCode, 200)
      assert.equal(
        (await post(ALICE, { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode,
        200,
      )
    })

    it('records last_login', async () => {
      server.clock.advance(5000)
      await post(ALICE)
      const user = await server.stores.users.findById(server.aliceId)
      assert.equal(user?.lastLogin, server.clock.now())
    })

    it('answers a body over 1 MiB with 413', async () => {
      const res = await post(JSON.stringify({ username: 'a'.repeat(1024 * 1024), password: 'x' }))
      assert.equal(res.statusCode, 413)
      assert.equal(res.json().code, 'payload_too_large')
    })

    it('survives deeply nested JSON with a 400, not a 500', async () => {
      const res = await post(`{"username":${'['.repeat(100_000)}${']'.repeat(100_000)},"password":"x"}`)
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'parse_error')
    })

    it('answers moderately nested JSON with a field error', async () => {
      const res = await post(`{"username":${'['.repeat(50)}${']'.repeat(50)},"password":"x"}`)
      assert.equal(res.statusCode, 400)
      assert.deepEqual(res.json().username, ['Not a valid string.'])
    })

    it('rejects prototype keys without polluting anything', async () => {
      const res = await post('{"__proto__":{"isAdmin":true},"username":"alice","password":"x"}')
      assert.equal(res.statusCode, 400)
      assert.equal(res.json().code, 'parse_error')
      assert.equal(({} as Record<string, unknown>).isAdmin, undefined)
    })

    // A fullwidth 'ａｌｉｃｅ' is alice after NFKC, as Django's login form normalises it: test/usernames.test.ts.
    it('treats a zero-width-suffixed or very long username as any unknown user', async () => {
      for (const username of ['alice\u200b', 'x'.repeat(10_000), "' OR '1'='1' --"]) {
        const res = await post({ username, password: ALICE.password })
        assert.equal(res.statusCode, 403, username.slice(0, 20))
        assert.deepEqual(res.json(), BAD_CREDENTIALS)
      }
    })
  })
}
