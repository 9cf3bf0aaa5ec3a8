import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { cookieHeader } from './helpers/cookies.ts'
import { loginAs, startTestServer, type TestServer } from './helpers/test-server.ts'

/**
 * Every answer under /accounts/ carries `Cache-Control: no-store`: token responses by RFC 6749 §5.1 ("The
 * authorization server MUST include the HTTP Cache-Control response header field with a value of no-store in any
 * response containing tokens"), and every other authenticated answer by OWASP ASVS 5.0 14.3.2 (sensitive data is
 * not cached by the browser or intermediaries), including the errors and the ones that set no cookie.
 */
describe('Cache-Control: no-store on every /accounts/ response', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer({ rotateRefreshTokens: false })
  })
  after(() => server.close())

  it('on the access token in the body of POST /accounts/auth/token/refresh/ with rotation off', async () => {
    const { refresh } = await loginAs(server.app)
    const res = await server.inject({
      method: 'POST',
      url: '/accounts/auth/token/refresh/',
      headers: { cookie: cookieHeader({ refresh_token: refresh }) },
    })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['set-cookie'], undefined)
    assert.equal(typeof (res.json() as { access: string }).access, 'string')
    assert.equal(res.headers['cache-control'], 'no-store')
  })

  it('on GET /accounts/user/ and GET /accounts/sessions/', async () => {
    const { access } = await loginAs(server.app)
    for (const url of ['/accounts/user/', '/accounts/sessions/']) {
      const res = await server.inject({ url, headers: { authorization: `Bearer ${access}` } })
      assert.equal(res.statusCode, 200, url)
      assert.equal(res.headers['cache-control'], 'no-store', url)
    }
  })

  it('on errors, OPTIONS, 405 and unknown paths under /accounts/', async () => {
    const cases = [
      { method: 'GET', url: '/accounts/user/', status: 401 },
      { method: 'OPTIONS', url: '/accounts/auth/login/', status: 200 },
      { method: 'GET', url: '/accounts/auth/login/', status: 405 },
      { method: 'GET', url: '/accounts/nowhere/', status: 404 },
    ]
    for (const { method, url, status } of cases) {
      const res = await server.inject({ method, url })
      assert.equal(res.statusCode, status, `${method} ${url}`)
      assert.equal(res.headers['cache-control'], 'no-store', `${method} ${url}`)
    }
  })

  it('not on the public key set, which caches may keep', async () => {
    const res = await server.inject('/.well-known/jwks.json')
    assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/)
  })
})
