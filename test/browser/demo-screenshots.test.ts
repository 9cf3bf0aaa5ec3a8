import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { ALICE } from '../helpers/test-server.ts'
import { skipWithoutChromium } from './helpers/chromium.ts'
import { useBrowserFixture } from './helpers/fixture.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const RESULTS = join(ROOT, 'test-results', 'browser')

async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS, { recursive: true })
  const path = join(RESULTS, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  console.log(`screenshot: ${relative(ROOT, path)}`)
  return path
}

describe('browser 6: the demo app, logged out and logged in', { skip: skipWithoutChromium() }, () => {
  const fixture = useBrowserFixture({ LATCHKEY_ACCESS_TOKEN_LIFETIME: '5m' })

  for (const mode of ['cookie', 'memory'] as const) {
    it(`${mode} mode: signs in, shows who am I and the sessions, reports the server's errors, signs out`, async () => {
      await fixture.browser.context.clearCookies()
      const page = await fixture.browser.context.newPage()
      // Any script error or CSP violation on the page fails the test.
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
      page.on('console', (message) => {
        // The 401s, 403s and 400s the demo provokes on purpose are logged by the browser too; anything else counts.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
          problems.push(`console: ${message.text()}`)
      })
      await page.goto(`${fixture.server.url}/?mode=${mode}`)

      const loginForm = page.locator('#login-form')
      await loginForm.waitFor()
      assert.equal(await page.locator('#signed-in').isHidden(), true)
      const suffix = mode === 'cookie' ? '' : '-memory'
      await screenshot(page, `demo-logged-out${suffix}`)

      // A wrong password: the server's own message is shown.
      await page.fill('input[name="username"]', ALICE.username)
      await page.fill('input[name="password"]', 'not the password')
      await page.click('#login-form button[type="submit"]')
      await page.locator('#message.error').waitFor()
      assert.equal(await page.textContent('#message'), 'Incorrect authentication credentials.')

      await page.fill('input[name="username"]', ALICE.username)
      await page.fill('input[name="password"]', ALICE.password)
      await page.click('#login-form button[type="submit"]')
      await page.locator('#signed-in').waitFor()
      await page.locator('#sessions tbody tr').first().waitFor()
      assert.match((await page.textContent('#whoami')) ?? '', /Alice Liddell.*alice/s)
      assert.equal(await page.locator('#sessions tbody tr').count(), 1)
      assert.match((await page.textContent('#sessions tbody')) ?? '', /this browser/)
      // Cookie mode's login sets the CSRF cookie; memory mode's sets none until an unsafe call needs one.
      assert.equal(await page.textContent('#visible-cookies'), mode === 'cookie' ? 'csrftoken' : '(nothing)')
      await screenshot(page, `demo-logged-in${suffix}`)

      // A refused new password: the validator's messages appear beside the field.
      await page.fill('input[name="old_password"]', ALICE.password)
      await page.fill('input[name="new_password"]', 'alice')
      await page.click('#password-form button[type="submit"]')
      const fieldError = page.locator('.field-error[data-field="new_password"]')
      await fieldError.waitFor()
      assert.match((await fieldError.textContent()) ?? '', /too short|too similar|too common/)
      if (mode === 'cookie') await screenshot(page, 'demo-password-error')

      await page.click('#logout')
      await loginForm.waitFor()
      assert.equal(await page.textContent('#message'), 'You are logged out.')
      assert.deepEqual(
        await fixture.server.stores.sessions.listLive(fixture.server.aliceId, fixture.server.clock.now()),
        [],
      )
      assert.deepEqual(problems, [])
      const favicon = fixture.server.record.answers.find((a) => a.path === '/favicon.svg')
      assert.equal(favicon?.status, 200)
      await page.close()
    })
  }

  it('serves the page with a strict CSP and the scripts as JavaScript', async () => {
    const page = await fetch(`${fixture.server.url}/`)
    assert.equal(page.status, 200)
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/)
    for (const path of ['/client.js', '/demo.js', '/client/errors.js', '/demo/ui/dom.js']) {
      const response = await fetch(`${fixture.server.url}${path}`)
      assert.equal(response.status, 200, path)
      assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/, path)
      assert.doesNotMatch(
        await response.text(),
        /from '\.\.?\/[^']*\.ts'/,
        `${path} imports only served URLs`,
      )
    }
    // The stylesheet the demo shares with the admin page (src/browser-ui/base.css), beside its own.
    for (const path of ['/demo/ui/base.css', '/demo.css']) {
      const response = await fetch(`${fixture.server.url}${path}`)
      assert.equal(response.status, 200, path)
      assert.match(response.headers.get('content-type') ?? '', /^text\/css/, path)
    }
    assert.equal((await fetch(`${fixture.server.url}/client/tsconfig.json`)).status, 404)
    assert.equal((await fetch(`${fixture.server.url}/demo/../register-demo.js`)).status, 404)
  })
})
