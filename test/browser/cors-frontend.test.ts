import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { User } from '../../src/client/index.ts'
import { ALICE } from '../helpers/test-server.ts'
import { type BrowserTestServer, startBrowserServer } from './helpers/browser-server.ts'
import { type Browser, launchChromium, skipWithoutChromium } from './helpers/chromium.ts'
import { clientCall, openClientPage } from './helpers/page-client.ts'
import { type Site, startSite } from './helpers/site.ts'

const BLANK = { '/': () => '<!doctype html><title>frontend</title><p>frontend</p>' }

/**
 * The frontend is another origin of the same site as the API (`localhost:A` and `localhost:B`, as `app.example.com`
 * and `api.example.com` would be): the auth cookies are SameSite=Lax, so a browser only stores and sends them
 * between same-site origins. Listed origins may read answers (CORS) and log in (CSRF trusted origins).
 */
describe('browser 5: a listed frontend origin reads the API, an unlisted one cannot', {
  skip: skipWithoutChromium(),
}, () => {
  let server: BrowserTestServer
  let browser: Browser
  let frontend: Site
  let unlisted: Site
  let otherSite: Site

  before(async () => {
    frontend = await startSite('localhost', BLANK)
    unlisted = await startSite('localhost', BLANK)
    otherSite = await startSite('127.0.0.2', BLANK)
    server = await startBrowserServer({
      LATCHKEY_CORS_ALLOWED_ORIGINS: frontend.origin,
      LATCHKEY_CSRF_TRUSTED_ORIGINS: frontend.origin,
      LATCHKEY_ACCESS_TOKEN_LIFETIME: '5m',
    })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await server?.close()
    for (const site of [frontend, unlisted, otherSite]) await site?.close()
  })

  it('the listed frontend logs in with credentials and reads /accounts/user/', async () => {
    const page = await openClientPage(browser.context, { apiUrl: server.url, pageUrl: `${frontend.origin}/` })
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as { location: { origin: string } }).location.origin),
      frontend.origin,
    )
    const login = await clientCall(page, 'login', ALICE.username, ALICE.password)
    assert.deepEqual(login, { ok: true, value: undefined })
    const me = await clientCall<User>(page, 'me')
    assert.equal(me.ok && me.value.username, 'alice')
    const read = server.record.answers.filter(
      (a) => a.path === '/accounts/user/' && a.origin === frontend.origin,
    )
    assert.deepEqual(
      read.map((a) => a.status),
      [200],
    )
    await page.close()
  })

  it('an unlisted origin, same site or not, cannot read the answer even though the server sent it', async () => {
    for (const site of [unlisted, otherSite]) {
      const page = await browser.context.newPage()
      await page.goto(`${site.origin}/`)
      const outcome = await page.evaluate(async (url) => {
        try {
          const response = await fetch(url, { credentials: 'include' })
          return `read ${response.status}: ${await response.text()}`
        } catch (error) {
          return `blocked: ${(error as Error).name}`
        }
      }, `${server.url}/accounts/user/`)
      assert.equal(outcome, 'blocked: TypeError', site.origin)
      const answers = server.record.answers.filter(
        (a) => a.path === '/accounts/user/' && a.origin === site.origin,
      )
      assert.equal(answers.length, 1, 'the request reached the server')
      await page.close()
    }
    // The same-site one even sent the cookies and got alice's data: only the missing CORS grant kept it out.
    const sameSite = server.record.answers.find(
      (a) => a.path === '/accounts/user/' && a.origin === unlisted.origin,
    )
    assert.equal(sameSite?.status, 200)
  })
})
