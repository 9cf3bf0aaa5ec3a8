import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import type * as Client from '../../src/client/index.ts'
import type { Logger } from '../../src/core/logger.ts'
import { ALICE } from '../helpers/test-server.ts'
import { BLANK_PAGE, type BrowserTestServer, startBrowserServer } from './helpers/browser-server.ts'
import { type Browser, launchChromium, skipWithoutChromium } from './helpers/chromium.ts'
import { clientCall } from './helpers/page-client.ts'

/**
 * The three deployments that used to fail in silence — login answered 200, a session row was written, the browser
 * stored no cookie and every later call was a 401 — and a frontend CORS does not allow. In real Chromium, each now
 * ends in an answer that names the cause, a warning in the server's log, no session, and a typed client error.
 * Chromium resolves the `.test` names to loopback (`--host-resolver-rules`): on a name that is not loopback it
 * refuses Secure cookies over http, as it would in a real deployment.
 */

const HOST_RULES = '--host-resolver-rules=MAP app.other.test 127.0.0.1, MAP api.dev.test 127.0.0.1'

/** The server's warnings, as the log would show them. */
function captureLog(): { logger: Logger; causes: () => string[] } {
  const warnings: Record<string, unknown>[] = []
  const logger: Logger = {
    info() {},
    warn: (fields) => warnings.push(fields as Record<string, unknown>),
    error() {},
  }
  const causes = () => warnings.filter((w) => w.event === 'browser_will_reject').map((w) => String(w.cause))
  return { logger, causes }
}

/**
 * A frontend: a blank page, and the client modules served from its own origin (as an app's bundle would be), read
 * from the API server so the test runs exactly the shipped client.
 */
async function startFrontend(api: () => string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    if (path.endsWith('.js')) {
      const source = await (await fetch(`${api()}${path}`)).text()
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(source)
      return
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>app</title><p>app</p>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A tab on `pageUrl` running the client against `apiUrl`, imported from the page's own origin. */
async function openApp(browser: Browser, pageUrl: string, apiUrl: string): Promise<Page> {
  const page = await browser.context.newPage()
  await page.goto(pageUrl)
  await page.evaluate(async (baseUrl) => {
    const origin = (globalThis as unknown as { location: { origin: string } }).location.origin
    const lib = (await import(`${origin}/client.js`)) as typeof Client
    const auth = lib.createAuthClient({ baseUrl, locks: null })
    Object.assign(globalThis, { latchkey: { auth, ended: [] } })
  }, apiUrl)
  return page
}

interface Scenario {
  readonly server: BrowserTestServer
  readonly causes: () => string[]
  readonly close: () => Promise<void>
}

/** Starts a frontend on `frontendHost` and the API (reached as `apiHost`) configured by `env(frontendOrigin)`. */
async function scenario(
  frontendHost: string,
  env: (frontendOrigin: string) => Record<string, string>,
): Promise<Scenario & { frontendOrigin: string; apiUrl: (host: string) => string }> {
  let apiBase = ''
  const frontend = await startFrontend(() => apiBase)
  const frontendOrigin = `http://${frontendHost}:${frontend.port}`
  const log = captureLog()
  // The API is reached as api.dev.test too, a name outside the development default (the local names).
  const hosts = { LATCHKEY_ALLOWED_HOSTS: 'localhost,127.0.0.1,api.dev.test' }
  const server = await startBrowserServer({ ...hosts, ...env(frontendOrigin) }, { logger: log.logger })
  apiBase = server.url
  return {
    server,
    frontendOrigin,
    causes: log.causes,
    apiUrl: (host) => server.url.replace('localhost', host),
    close: async () => {
      await server.close()
      await frontend.close()
    },
  }
}

async function assertNoSession(server: BrowserTestServer): Promise<void> {
  assert.equal(
    (await server.stores.sessions.listLive(server.aliceId, Date.now())).length,
    0,
    'no session row',
  )
  assert.equal(server.count('login'), 0, 'no login event')
}

describe('browser: the silent failures now name their cause', { skip: skipWithoutChromium() }, () => {
  let browser: Browser
  before(async () => {
    browser = await launchChromium([HOST_RULES])
  })
  after(async () => {
    await browser?.close()
  })

  it('a SPA on http://localhost calling the API at http://127.0.0.1 (another site)', async () => {
    const s = await scenario('localhost', (origin) => ({
      LATCHKEY_CORS_ALLOWED_ORIGINS: origin,
      LATCHKEY_CSRF_TRUSTED_ORIGINS: origin,
    }))
    try {
      const page = await openApp(browser, `${s.frontendOrigin}/`, s.apiUrl('127.0.0.1'))
      const login = await clientCall(page, 'login', ALICE.username, ALICE.password)
      assert.equal(login.ok, false)
      assert.equal(!login.ok && login.code, 'cookies_will_be_rejected')
      assert.equal(!login.ok && login.status, 400)
      assert.match(
        !login.ok ? login.detail : '',
        /another site than 127\.0\.0\.1.*localhost and 127\.0\.0\.1 are different sites/,
      )
      assert.deepEqual(s.causes(), ['same_site_cookie_cross_site'])
      await assertNoSession(s.server)
      await page.close()
    } finally {
      await s.close()
    }
  })

  it('a cross-site app: app.other.test calling api.dev.test', async () => {
    const s = await scenario('app.other.test', (origin) => ({
      LATCHKEY_CORS_ALLOWED_ORIGINS: origin,
      LATCHKEY_CSRF_TRUSTED_ORIGINS: origin,
    }))
    try {
      const page = await openApp(browser, `${s.frontendOrigin}/`, s.apiUrl('api.dev.test'))
      const login = await clientCall(page, 'login', ALICE.username, ALICE.password)
      assert.equal(!login.ok && login.code, 'cookies_will_be_rejected')
      assert.match(
        !login.ok ? login.detail : '',
        /comes from http:\/\/app\.other\.test:\d+, another site than api\.dev\.test/,
      )
      assert.match(!login.ok ? login.detail : '', /LATCHKEY_COOKIE_SAMESITE=None/)
      assert.deepEqual(s.causes(), ['same_site_cookie_cross_site'])
      await assertNoSession(s.server)
      assert.deepEqual(
        await browser.context.cookies(s.apiUrl('api.dev.test')),
        [],
        'the browser holds no cookie',
      )
      await page.close()
    } finally {
      await s.close()
    }
  })

  it('LATCHKEY_COOKIE_SECURE=true over plain http (on a name that is not loopback)', async () => {
    const s = await scenario('api.dev.test', () => ({ LATCHKEY_COOKIE_SECURE: 'true' }))
    try {
      const api = s.apiUrl('api.dev.test')
      const page = await openApp(browser, `${api}${BLANK_PAGE}`, api)
      const login = await clientCall(page, 'login', ALICE.username, ALICE.password)
      assert.equal(!login.ok && login.code, 'cookies_will_be_rejected')
      assert.match(
        !login.ok ? login.detail : '',
        /Secure and this request reached api\.dev\.test over plain http/,
      )
      assert.match(!login.ok ? login.detail : '', /LATCHKEY_COOKIE_SECURE=false/)
      assert.deepEqual(s.causes(), ['secure_cookie_over_http'])
      await assertNoSession(s.server)
      // What the server now refuses is what Chromium does: a Secure cookie set over http here is dropped.
      const kept = await page.evaluate(async (url) => {
        await fetch(url, { credentials: 'include' })
        return (globalThis as unknown as { document: { cookie: string } }).document.cookie
      }, `${api}/accounts/csrf_token/`)
      assert.equal(kept, '', 'Chromium dropped the Secure csrftoken cookie')
      await page.close()
    } finally {
      await s.close()
    }
  })

  it('a frontend CORS does not allow gets cors_rejected, not network_error, and the server says why', async () => {
    const s = await scenario('localhost', () => ({}))
    try {
      const page = await openApp(browser, `${s.frontendOrigin}/`, s.apiUrl('localhost'))
      const login = await clientCall(page, 'login', ALICE.username, ALICE.password)
      assert.equal(!login.ok && login.code, 'cors_rejected')
      assert.equal(!login.ok && login.status, 0)
      assert.match(
        !login.ok ? login.detail : '',
        new RegExp(`Add ${s.frontendOrigin} to LATCHKEY_CORS_ALLOWED_ORIGINS`),
      )
      assert.ok(s.causes().includes('cors_origin_not_allowed'), s.causes().join())
      await assertNoSession(s.server)
      await page.close()
    } finally {
      await s.close()
    }
  })
})
