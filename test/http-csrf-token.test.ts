import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setCookies } from './helpers/cookies.ts'
import { HOSTS, startTestHost, type TestHost } from './helpers/test-hosts.ts'

for (const host of HOSTS) {
  describe(`GET /accounts/csrf_token/ [${host}]`, () => {
    let server: TestHost
    before(async () => {
      server = await startTestHost(host)
    })
    after(() => server.close())

    it('returns a 64-character masked token and sets a 32-character csrftoken cookie as the reference', async () => {
      const res = await server.inject({ method: 'GET', url: '/accounts/csrf_token/' })
      assert.equal(res.statusCode, 200)
      const token = res.json().token as string
      assert.match(token, /^[A-Za-z0-9]{64}$/)
      const cookie = setCookies(res.headers).get('csrftoken')
      assert.ok(cookie)
      assert.match(cookie.value, /^[A-Za-z0-9]{32}$/)
      assert.equal(
        cookie.raw,
        `csrftoken=${cookie.value}; expires=Sun, 21 Nov 2027 10:11:03 GMT; Max-Age=31449600; Path=/; SameSite=Lax`,
      )
      assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
    })

    it('re-sends the same valid cookie value with a fresh masking each time', async () => {
      const first = await server.inject({ method: 'GET', url: '/accounts/csrf_token/' })
      const secret = setCookies(first.headers).get('csrftoken')?.value ?? ''
      const second = await server.inject({
        method: 'GET',
        url: '/accounts/csrf_token/',
        headers: { cookie: `csrftoken=${secret}` },
      })
      assert.equal(setCookies(second.headers).get('csrftoken')?.value, secret)
      assert.notEqual(second.json().token, first.json().token)
      assert.ok(!second.body.includes(secret), 'the raw secret never appears in a body (BREACH)')
    })

    it('replaces a malformed cookie with a new secret', async () => {
      const res = await server.inject({
        method: 'GET',
        url: '/accounts/csrf_token/',
        headers: { cookie: 'csrftoken=abc' },
      })
      const value = setCookies(res.headers).get('csrftoken')?.value ?? ''
      assert.match(value, /^[A-Za-z0-9]{32}$/)
    })

    it('works without the trailing slash, with no redirect', async () => {
      const res = await server.inject({ method: 'GET', url: '/accounts/csrf_token' })
      assert.equal(res.statusCode, 200)
    })

    it('answers POST with 405 and Allow', async () => {
      const res = await server.inject({ method: 'POST', url: '/accounts/csrf_token/' })
      assert.equal(res.statusCode, 405)
      assert.deepEqual(res.json(), { detail: 'Method "POST" not allowed.', code: 'method_not_allowed' })
      assert.equal(res.headers.allow, 'GET, HEAD, OPTIONS')
    })

    it('carries the reference security headers', async () => {
      const res = await server.inject({ method: 'GET', url: '/accounts/csrf_token/' })
      assert.equal(res.headers['x-frame-options'], 'DENY')
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
      assert.equal(res.headers['referrer-policy'], 'same-origin')
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin')
    })
  })

  describe(`CORS as django-cors-headers answers [${host}]`, () => {
    let server: TestHost
    before(async () => {
      server = await startTestHost(host)
    })
    after(() => server.close())

    it('echoes an allowed origin with credentials on a simple request', async () => {
      const res = await server.inject({
        method: 'GET',
        url: '/accounts/csrf_token/',
        headers: { origin: 'http://localhost:3000' },
      })
      assert.equal(res.headers['access-control-allow-origin'], 'http://localhost:3000')
      assert.equal(res.headers['access-control-allow-credentials'], 'true')
    })

    it('gives an unlisted origin no CORS header', async () => {
      const res = await server.inject({
        method: 'GET',
        url: '/accounts/csrf_token/',
        headers: { origin: 'http://evil.example' },
      })
      assert.equal(res.headers['access-control-allow-origin'], undefined)
    })

    it('answers a preflight from an allowed origin with the reference headers', async () => {
      const res = await server.inject({
        method: 'OPTIONS',
        url: '/accounts/auth/login/',
        headers: {
          origin: 'http://localhost:3000',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-csrftoken',
        },
      })
      assert.equal(res.statusCode, 200)
      assert.equal(res.body, '')
      assert.equal(res.headers['access-control-allow-origin'], 'http://localhost:3000')
      assert.equal(res.headers['access-control-allow-credentials'], 'true')
      assert.equal(
        res.headers['access-control-allow-headers'],
        'accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with',
      )
      assert.equal(res.headers['access-control-allow-methods'], 'DELETE, GET, OPTIONS, PATCH, POST, PUT')
      assert.equal(res.headers['access-control-max-age'], '86400')
    })

    it('answers a preflight from an unlisted origin with 200 and no CORS headers', async () => {
      for (const origin of ['http://evil.example', 'null', 'http://localhost:3000.evil.net']) {
        const res = await server.inject({
          method: 'OPTIONS',
          url: '/accounts/auth/login/',
          headers: { origin, 'access-control-request-method': 'POST' },
        })
        assert.equal(res.statusCode, 200)
        assert.equal(res.headers['access-control-allow-origin'], undefined, origin)
      }
    })
  })

  describe(`allowed hosts [${host}]`, () => {
    it('answers a Host outside LATCHKEY_ALLOWED_HOSTS with a JSON 400, as Django does', async () => {
      const server = await startTestHost(host, { allowedHosts: ['localhost', '127.0.0.1'] })
      try {
        const bad = await server.inject({
          method: 'GET',
          url: '/accounts/csrf_token/',
          headers: { host: 'evil.org' },
        })
        assert.equal(bad.statusCode, 400)
        assert.equal(bad.json().code, 'bad_request')
        assert.equal(bad.headers['set-cookie'], undefined)
        const good = await server.inject({
          method: 'GET',
          url: '/accounts/csrf_token/',
          headers: { host: '127.0.0.1:8000' },
        })
        assert.equal(good.statusCode, 200)
      } finally {
        await server.close()
      }
    })
  })
}
