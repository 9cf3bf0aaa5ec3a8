import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ALICE } from '../helpers/test-server.ts'
import { expireAccessTokens } from './helpers/browser-server.ts'
import { skipWithoutChromium } from './helpers/chromium.ts'
import { useBrowserFixture } from './helpers/fixture.ts'
import { clientCall, openClientPage } from './helpers/page-client.ts'

const cookieNames = (cookies: string) =>
  cookies
    .split(';')
    .map((c) => c.split('=')[0]?.trim() ?? '')
    .filter((name) => name !== '')

describe('browser 1: page scripts never see a token', { skip: skipWithoutChromium() }, () => {
  const fixture = useBrowserFixture()

  for (const mode of ['cookie', 'memory'] as const) {
    it(`${mode} mode: document.cookie shows csrftoken and never access_token or refresh_token`, async () => {
      await fixture.browser.context.clearCookies()
      const page = await openClientPage(fixture.browser.context, { apiUrl: fixture.server.url, mode })
      const documentCookie = () =>
        page
          .evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)
          .then(cookieNames)
      const login = await clientCall(page, 'login', ALICE.username, ALICE.password)
      assert.deepEqual(login, { ok: true, value: undefined })
      // Memory-mode login sets no CSRF cookie; its first unsafe call fetches one.
      if (mode === 'memory') await clientCall(page, 'changePassword', 'wrong', 'x')
      const seen = [await documentCookie()]
      // Still hidden after a refresh and after a password change renewed every cookie.
      expireAccessTokens(fixture.server)
      assert.equal((await clientCall(page, 'me')).ok, true)
      seen.push(await documentCookie())
      assert.equal((await clientCall(page, 'changePassword', ALICE.password, `${ALICE.password}!`)).ok, true)
      assert.equal((await clientCall(page, 'changePassword', `${ALICE.password}!`, ALICE.password)).ok, true)
      seen.push(await documentCookie())
      for (const names of seen) {
        assert.ok(names.includes('csrftoken'), `document.cookie: ${names.join(', ')}`)
        assert.ok(!names.includes('access_token') && !names.includes('refresh_token'), names.join(', '))
      }
      // The tokens are there — HttpOnly, where only the browser reads them.
      const jar = await fixture.browser.context.cookies(`${fixture.server.url}/accounts/auth/`)
      const refresh = jar.find((c) => c.name === 'refresh_token')
      assert.equal(refresh?.httpOnly, true)
      if (mode === 'cookie') assert.equal(jar.find((c) => c.name === 'access_token')?.httpOnly, true)
      assert.ok(fixture.server.count('refresh') >= 1)
      await clientCall(page, 'logout')
      await page.close()
    })
  }
})
