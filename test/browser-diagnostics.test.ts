import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import type { Logger } from '../src/core/logger.ts'
import type { LatchkeyOptions } from '../src/core/options.ts'
import { createServer, type LatchkeyServer } from '../src/server/create-server.ts'
import { openStores, type Stores } from '../src/server/open-stores.ts'
import { ManualClock } from './helpers/manual-clock.ts'
import { ALICE, FAST_HASHING, SECRET } from './helpers/test-server.ts'

interface Line {
  readonly level: 'info' | 'warn' | 'error'
  readonly fields: Record<string, unknown>
  readonly message: string
}

/** A server whose log lines the test reads, on a manual clock. */
async function start(options: LatchkeyOptions) {
  const clock = new ManualClock()
  const lines: Line[] = []
  const logger: Logger = {
    info: (fields, message) =>
      lines.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
    warn: (fields, message) =>
      lines.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
    error: (fields, message) =>
      lines.push({ level: 'error', fields: fields as Record<string, unknown>, message }),
  }
  const stores: Stores = openStores('sqlite::memory:')
  await stores.migrate()
  const server: LatchkeyServer = await createServer({
    options: { secretKey: SECRET, passwordHashing: FAST_HASHING, ...options },
    stores,
    clock,
    logger,
  })
  const alice = await stores.users.create(
    { username: ALICE.username, passwordHash: await server.core.hasher.hash(ALICE.password) },
    clock.now(),
  )
  if (alice === undefined) throw new Error('alice not created')
  const warnings = (cause: string) =>
    lines.filter(
      (l) => l.level === 'warn' && l.fields.event === 'browser_will_reject' && l.fields.cause === cause,
    )
  const sessions = async () => (await stores.sessions.listLive(alice.id, clock.now())).length
  const post = (url: string, headers: Record<string, string>) =>
    server.app.inject({ method: 'POST', url, headers, payload: ALICE })
  return {
    server,
    clock,
    lines,
    warnings,
    sessions,
    post,
    close: async () => {
      await server.app.close()
      await stores.close()
    },
  }
}

describe('the server says what the browser will do with its cookies', () => {
  let t: Awaited<ReturnType<typeof start>>
  before(async () => {
    t = await start({
      csrf: { trustedOrigins: ['http://localhost:5173'] },
      cors: { allowedOrigins: ['http://localhost:5173'] },
    })
  })
  after(() => t.close())

  const crossSite = {
    host: '127.0.0.1:8000',
    origin: 'http://localhost:5173',
    'sec-fetch-site': 'cross-site',
    'sec-fetch-mode': 'cors',
  }

  it('refuses a cross-site login whose SameSite=Lax cookies the browser would drop, and opens no session', async () => {
    const res = await t.post('/accounts/auth/login/', crossSite)
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'cookies_will_be_rejected')
    assert.match(res.json().detail, /comes from http:\/\/localhost:5173, another site than 127\.0\.0\.1/)
    assert.match(res.json().detail, /LATCHKEY_COOKIE_SAMESITE=None with LATCHKEY_COOKIE_SECURE=true/)
    assert.equal(res.headers['set-cookie'], undefined)
    assert.equal(await t.sessions(), 0)
    assert.equal(t.warnings('same_site_cookie_cross_site').length, 1)
  })

  it('refuses the token endpoint the same way', async () => {
    const res = await t.post('/accounts/auth/token/', crossSite)
    assert.equal(res.json().code, 'cookies_will_be_rejected')
    assert.equal(await t.sessions(), 0)
  })

  it('warns once per cause per minute, by the injected clock', async () => {
    const before = t.warnings('same_site_cookie_cross_site').length
    await t.post('/accounts/auth/login/', crossSite)
    assert.equal(t.warnings('same_site_cookie_cross_site').length, before, 'not again within the minute')
    t.clock.advance(60_000)
    await t.post('/accounts/auth/login/', crossSite)
    assert.equal(t.warnings('same_site_cookie_cross_site').length, before + 1)
  })

  it('judges by the Origin when a browser sends no fetch metadata', async () => {
    const { 'sec-fetch-site': _, ...noMetadata } = crossSite
    assert.equal((await t.post('/accounts/auth/login/', noMetadata)).json().code, 'cookies_will_be_rejected')
  })

  it('lets a same-site frontend log in (localhost:5173 → localhost:8000)', async () => {
    const res = await t.post('/accounts/auth/login/', {
      host: 'localhost:8000',
      origin: 'http://localhost:5173',
      'sec-fetch-site': 'same-site',
    })
    assert.equal(res.statusCode, 200)
  })
})

describe('Secure cookies over plain http', () => {
  let t: Awaited<ReturnType<typeof start>>
  before(async () => {
    t = await start({ cookies: { secure: true }, csrf: { cookieSecure: true } })
  })
  after(() => t.close())
  beforeEach(() => t.clock.advance(60_000))

  it('refuses a browser login to a non-loopback host over http, naming LATCHKEY_COOKIE_SECURE', async () => {
    const res = await t.post('/accounts/auth/login/', {
      host: 'api.dev.test',
      origin: 'http://api.dev.test',
      'sec-fetch-site': 'same-origin',
    })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().code, 'cookies_will_be_rejected')
    assert.match(res.json().detail, /Secure and this request reached api\.dev\.test over plain http/)
    assert.match(res.json().detail, /LATCHKEY_COOKIE_SECURE=false/)
    assert.equal(await t.sessions(), 0)
    assert.equal(t.warnings('secure_cookie_over_http').length, 1)
  })

  it('answers the CSRF token endpoint anyway, and warns that its cookie will be dropped', async () => {
    const before = t.warnings('secure_cookie_over_http').length
    const res = await t.server.app.inject({
      method: 'GET',
      url: '/accounts/csrf_token/',
      headers: { host: 'api.dev.test', origin: 'http://app.dev.test', 'sec-fetch-site': 'same-site' },
    })
    assert.equal(res.statusCode, 200)
    assert.equal(t.warnings('secure_cookie_over_http').length, before + 1)
    assert.deepEqual(t.warnings('secure_cookie_over_http').at(-1)?.fields.cookies, ['csrftoken'])
  })

  it('lets localhost through (browsers keep Secure cookies from loopback hosts)', async () => {
    const res = await t.post('/accounts/auth/login/', {
      host: 'localhost:8000',
      origin: 'http://localhost:8000',
    })
    assert.equal(res.statusCode, 200)
  })

  it('lets an https browser behind an untrusted TLS proxy through (its Origin is https)', async () => {
    const res = await t.post('/accounts/auth/login/', {
      host: 'api.dev.test',
      origin: 'https://api.dev.test',
      'x-forwarded-proto': 'https',
    })
    // The CSRF Origin check still refuses it until LATCHKEY_TRUST_PROXY makes the request count as https.
    assert.notEqual(res.json().code, 'cookies_will_be_rejected')
  })

  it('does not judge clients that are not browsers (no Origin, no fetch metadata)', async () => {
    const res = await t.post('/accounts/auth/login/', { host: 'api.dev.test' })
    assert.equal(res.statusCode, 200)
  })
})

describe('CORS and CSRF origins the browser will refuse', () => {
  let t: Awaited<ReturnType<typeof start>>
  before(async () => {
    t = await start({
      csrf: { trustedOrigins: ['http://localhost:3000', 'http://localhost:3001'] },
      cors: { allowedOrigins: ['http://localhost:3000', 'http://localhost:4000'] },
    })
  })
  after(() => t.close())

  const preflight = (origin: string) =>
    t.server.app.inject({
      method: 'OPTIONS',
      url: '/accounts/auth/login/',
      headers: { host: 'localhost:8000', origin, 'access-control-request-method': 'POST' },
    })

  it('warns about a script on an origin CORS does not allow', async () => {
    await preflight('http://localhost:5173')
    const [warning] = t.warnings('cors_origin_not_allowed')
    assert.match(warning?.message ?? '', /add it to LATCHKEY_CORS_ALLOWED_ORIGINS/)
    assert.equal(warning?.fields.origin, 'http://localhost:5173')
  })

  it('warns about an origin trusted for CSRF but not allowed by CORS', async () => {
    await preflight('http://localhost:3001')
    assert.equal(t.warnings('csrf_trusted_not_cors_allowed').length, 1)
  })

  it('warns about an origin allowed by CORS but not trusted for CSRF', async () => {
    await preflight('http://localhost:4000')
    assert.match(
      t.warnings('cors_allowed_not_csrf_trusted')[0]?.message ?? '',
      /LATCHKEY_CSRF_TRUSTED_ORIGINS/,
    )
  })

  it('says nothing about an origin both lists hold, or about the server’s own origin', async () => {
    const count = t.lines.filter((l) => l.fields.event === 'browser_will_reject').length
    await preflight('http://localhost:3000')
    await t.server.app.inject({
      method: 'GET',
      url: '/accounts/user/',
      headers: { host: 'localhost:8000', origin: 'http://localhost:8000', 'sec-fetch-mode': 'cors' },
    })
    assert.equal(t.lines.filter((l) => l.fields.event === 'browser_will_reject').length, count)
  })
})
