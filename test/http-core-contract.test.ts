import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createLatchkey } from '../src/core/create-latchkey.ts'
import type { HttpRequest } from '../src/core/http/request.ts'
import type { Logger } from '../src/core/logger.ts'
import { createMemoryStores } from '../src/stores/memory/index.ts'
import { SECRET } from './helpers/test-server.ts'

const request = (overrides: Partial<HttpRequest>): HttpRequest => ({
  method: 'GET',
  url: '/accounts/csrf_token/',
  headers: { host: 'localhost' },
  ip: '203.0.113.7',
  secure: false,
  ...overrides,
})

describe('the framework-free handler (src/core/http)', () => {
  it('logs a refused Host with its value, cut to 100 characters, and answers a JSON 400', async () => {
    const warnings: object[] = []
    const logger: Logger = { info() {}, error() {}, warn: (fields) => void warnings.push(fields) }
    const latchkey = await createLatchkey(
      { secretKey: SECRET, allowedHosts: ['api.example.com'] },
      createMemoryStores(),
      {
        logger,
      },
    )
    const host = `evil-${'x'.repeat(200)}.example`
    const response = await latchkey.handle(request({ headers: { host } }))
    assert.equal(response?.status, 400)
    assert.deepEqual(JSON.parse(response?.body ?? ''), {
      detail: 'Bad Request (400): invalid Host header.',
      code: 'bad_request',
    })
    assert.deepEqual(warnings, [{ event: 'disallowed_host', host: host.slice(0, 100), ip: '203.0.113.7' }])
  })

  it('refuses a disallowed Host on the app’s own guarded routes too (the CSRF Origin check trusts Host)', async () => {
    const latchkey = await createLatchkey(
      { secretKey: SECRET, allowedHosts: ['api.example.com'] },
      createMemoryStores(),
    )
    const outcome = await latchkey.authenticate(
      request({ url: '/api/notes', headers: { host: 'evil.example' } }),
    )
    assert.equal(outcome.ok, false)
    if (outcome.ok) return
    assert.equal(outcome.response.status, 400)
    assert.equal(outcome.error.code, 'bad_request')
  })

  it('allows the configured CSRF header in CORS preflights, not a hard-coded x-csrftoken', async () => {
    const latchkey = await createLatchkey(
      {
        secretKey: SECRET,
        csrf: { headerName: 'X-XSRF-TOKEN' },
        cors: { allowedOrigins: ['https://app.example'] },
      },
      createMemoryStores(),
    )
    const response = await latchkey.handle(
      request({
        method: 'OPTIONS',
        url: '/accounts/auth/login/',
        headers: {
          host: 'localhost',
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
        },
      }),
    )
    assert.equal(response?.status, 200)
    assert.equal(
      response?.headers['access-control-allow-headers'],
      'accept, authorization, content-type, user-agent, x-xsrf-token, x-requested-with',
    )
  })

  it('answers undefined for a path that is not Latchkey’s, so the host’s routes continue', async () => {
    const latchkey = await createLatchkey({ secretKey: SECRET }, createMemoryStores())
    assert.equal(await latchkey.handle(request({ url: '/api/notes' })), undefined)
    assert.equal(await latchkey.handle(request({ url: '/accounts/nope/' })), undefined)
  })

  it('matches with and without the trailing slash, query strings aside, never redirecting', async () => {
    const latchkey = await createLatchkey({ secretKey: SECRET }, createMemoryStores())
    for (const url of ['/accounts/csrf_token/', '/accounts/csrf_token', '/accounts/csrf_token?x=1'])
      assert.equal((await latchkey.handle(request({ url })))?.status, 200, url)
  })

  it('answers 405 with Allow for a method the endpoint does not serve', async () => {
    const latchkey = await createLatchkey({ secretKey: SECRET }, createMemoryStores())
    const response = await latchkey.handle(request({ method: 'PUT', url: '/accounts/auth/login/' }))
    assert.equal(response?.status, 405)
    assert.equal(response?.headers.allow, 'POST, OPTIONS')
    assert.equal(JSON.parse(response?.body ?? '').code, 'method_not_allowed')
  })

  it('answers a storage outage with 503 and Retry-After, and any other fault with a 500 that leaks nothing', async () => {
    const errors: object[] = []
    const logger: Logger = { info() {}, warn() {}, error: (fields) => void errors.push(fields) }
    const stores = createMemoryStores()
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
    const broken = Object.assign(new Error('secret internals'), {})
    let failure: Error = down
    const users = { ...stores.users, findByUsername: async () => Promise.reject(failure) }
    const latchkey = await createLatchkey({ secretKey: SECRET }, { ...stores, users }, { logger })
    const login = request({
      method: 'POST',
      url: '/accounts/auth/login/',
      headers: { host: 'localhost', 'content-type': 'application/json' },
      readBody: async () => Buffer.from('{"username":"a","password":"b"}'),
    })
    const unavailable = await latchkey.handle(login)
    assert.equal(unavailable?.status, 503)
    assert.equal(unavailable?.headers['retry-after'], '5')
    failure = broken
    const fault = await latchkey.handle(login)
    assert.equal(fault?.status, 500)
    assert.deepEqual(JSON.parse(fault?.body ?? ''), {
      detail: 'A server error occurred.',
      code: 'internal_error',
    })
    assert.deepEqual(
      errors.map((e) => (e as { event: string }).event),
      ['dependency_unavailable', 'internal_error'],
    )
  })
})
