import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { ALICE } from '../helpers/test-server.ts'
import { type Browser, launchChromium, skipWithoutChromium } from './helpers/chromium.ts'
import { useBrowserFixture } from './helpers/fixture.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const RESULTS = join(ROOT, 'test-results', 'browser')
const STAFF = { username: 'root', password: 'root-admin-passphrase' }

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true })
  const path = join(RESULTS, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  console.log(`screenshot: ${relative(ROOT, path)}`)
}

/** Any script error or CSP violation on the page is a failure; the refusals the test provokes are not. */
function watch(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(`console: ${message.text()}`)
  })
  return problems
}

describe('browser 7: the admin page', { skip: skipWithoutChromium() }, () => {
  const fixture = useBrowserFixture({ LATCHKEY_ACCESS_TOKEN_LIFETIME: '5m' })
  let second: Browser | undefined
  let rootId = 0
  before(async () => {
    const hash = await fixture.server.core.hasher.hash(STAFF.password)
    const root = await fixture.server.stores.users.create(
      {
        username: STAFF.username,
        passwordHash: hash,
        isStaff: true,
        isSuperuser: true,
        firstName: 'Ada',
        lastName: 'Admin',
      },
      Date.now(),
    )
    rootId = root?.id ?? 0
    second = await launchChromium()
  })
  after(() => second?.close())

  it('staff deactivate a user who is logged in elsewhere; that user’s next request is refused', async () => {
    assert.ok(second)
    // Alice signs in to the demo app in another browser.
    const alicePage = await second.context.newPage()
    await alicePage.goto(`${fixture.server.url}/`)
    await alicePage.fill('input[name="username"]', ALICE.username)
    await alicePage.fill('input[name="password"]', ALICE.password)
    await alicePage.click('#login-form button[type="submit"]')
    await alicePage.locator('#signed-in').waitFor()

    const page = await fixture.browser.context.newPage()
    const problems = watch(page)
    await page.goto(`${fixture.server.url}/admin/`)
    await page.fill('#login-form input[name="username"]', STAFF.username)
    await page.fill('#login-form input[name="password"]', STAFF.password)
    await page.click('#login-form button[type="submit"]')
    await page.locator('#users-view').waitFor()
    await page.locator(`#users tbody tr[data-user-id="${fixture.server.aliceId}"]`).waitFor()
    assert.equal(await page.locator('#users tbody tr').count(), 2)
    await screenshot(page, 'admin-users')

    // Search narrows the list.
    await page.fill('#search-form input[name="search"]', 'lidd')
    await page.click('#search-form button[type="submit"]')
    await page.locator(`#users tbody tr[data-user-id="${rootId}"]`).waitFor({ state: 'detached' })
    assert.equal(await page.locator('#users tbody tr').count(), 1)

    await page.click(`#users tbody tr[data-user-id="${fixture.server.aliceId}"] a`)
    await page.locator('#user-view').waitFor()
    await page.locator('#user-sessions tbody tr').first().waitFor()
    assert.equal(await page.textContent('#user-title'), 'alice')
    assert.equal(await page.locator('#user-sessions tbody tr').count(), 1)
    assert.match((await page.textContent('#user-events')) ?? '', /login/)
    await screenshot(page, 'admin-user')

    await page.click('#deactivate')
    await page.locator('#message.info').waitFor()
    assert.match((await page.textContent('#message')) ?? '', /deactivated/)
    await page.locator('#no-sessions').waitFor()
    assert.match((await page.textContent('#user-facts')) ?? '', /inactive/)

    // Alice's very next request, with the access token her browser still holds, is refused.
    const status = await alicePage.evaluate(async () => (await fetch('/accounts/user/')).status)
    assert.equal(status, 401)
    await alicePage.click('#reload')
    await alicePage.locator('#signed-out').waitFor()

    // And the refusal is in the events list, with the acting admin.
    await page.click('#nav-events')
    await page.locator('#events-view').waitFor()
    await page.selectOption('#events-form select[name="type"]', 'admin.user_deactivated')
    await page.click('#events-form button[type="submit"]')
    await page.locator('#events li[data-type="admin.user_deactivated"]').waitFor()
    assert.match((await page.textContent('#events')) ?? '', /by admin \d+/)
    assert.deepEqual(problems, [])
    await alicePage.close()
    await page.close()
  })

  it('creates, edits, sets a password, reactivates and deletes with confirmation, on a phone-sized screen', async () => {
    const page = await fixture.browser.context.newPage()
    await page.setViewportSize({ width: 390, height: 844 })
    const problems = watch(page)
    await page.goto(`${fixture.server.url}/admin/#/users/new`)
    await page.locator('#new-view').waitFor()
    await page.fill('#new-form input[name="username"]', 'bad name')
    await page.fill('#new-form input[name="password"]', '123')
    await page.click('#new-form button[type="submit"]')
    await page.locator('.field-error[data-field="username"]').waitFor()
    assert.match((await page.textContent('.field-error[data-field="password"]')) ?? '', /too short/)

    await page.fill('#new-form input[name="username"]', 'bruno')
    await page.fill('#new-form input[name="password"]', 'bruno-first-passphrase')
    await page.fill('#new-form input[name="email"]', 'bruno@example.test')
    await page.click('#new-form button[type="submit"]')
    await page.locator('#user-view').waitFor()
    await page.locator('#user-title', { hasText: /^bruno$/ }).waitFor()

    await page.fill('#edit-form input[name="first_name"]', 'Bruno')
    await page.click('#edit-form button[type="submit"]')
    await page.locator('#user-facts', { hasText: 'Bruno' }).waitFor()

    await page.fill('#password-form input[name="password"]', 'bruno-second-passphrase')
    await page.click('#password-form button[type="submit"]')
    await page.locator('#message', { hasText: 'Password set' }).waitFor()
    const bruno = await fixture.server.stores.users.findByUsername('bruno')
    assert.ok(bruno)
    assert.equal(bruno.firstName, 'Bruno')
    assert.ok(
      await fixture.server.core.hasher
        .verify(bruno.passwordHash, 'bruno-second-passphrase')
        .then((c) => c.valid),
    )

    await page.click('#deactivate')
    await page.locator('#reactivate:visible').waitFor()
    await page.click('#reactivate')
    await page.locator('#deactivate:visible').waitFor()
    await screenshot(page, 'admin-user-phone')

    await page.click('#delete')
    await page.fill('#delete-confirm input[name="confirm"]', 'brunO')
    await page.click('#delete-confirm button[type="submit"]')
    await page.locator('#message.error').waitFor()
    assert.ok(
      await fixture.server.stores.users.findByUsername('bruno'),
      'a wrong confirmation deletes nothing',
    )
    await page.fill('#delete-confirm input[name="confirm"]', 'bruno')
    await page.click('#delete-confirm button[type="submit"]')
    await page.locator('#users-view').waitFor()
    assert.equal(await fixture.server.stores.users.findByUsername('bruno'), undefined)
    assert.deepEqual(problems, [])
    await page.close()
  })

  it('reports a logout that cannot reach the server, and logs out once it can', async () => {
    const page = await fixture.browser.context.newPage()
    const problems = watch(page)
    await fixture.browser.context.clearCookies()
    await page.goto(`${fixture.server.url}/admin/`)
    await page.fill('#login-form input[name="username"]', STAFF.username)
    await page.fill('#login-form input[name="password"]', STAFF.password)
    await page.click('#login-form button[type="submit"]')
    await page.locator('#users-view').waitFor()
    // The network drops the logout: the page says so and stays signed in, with no unhandled error.
    await page.route('**/accounts/auth/logout/', (route) => route.abort('connectionrefused'))
    await page.click('#logout')
    await page.locator('#message.error').waitFor()
    assert.equal(await page.locator('#users-view').isVisible(), true)
    assert.equal(await page.locator('#logout').isEnabled(), true)
    await page.unroute('**/accounts/auth/logout/')
    await page.click('#logout')
    await page.locator('#signed-out').waitFor()
    assert.match((await page.textContent('#message')) ?? '', /logged out/)
    assert.deepEqual(problems, [])
    await page.close()
  })

  it('refuses a user who is not staff, and serves the page with a strict CSP', async () => {
    const response = await fetch(`${fixture.server.url}/admin/`)
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/)
    assert.match(response.headers.get('content-security-policy') ?? '', /style-src 'self'/)
    // The stylesheet the admin page shares with the demo (src/browser-ui/base.css), beside its own.
    for (const path of ['/admin/ui/base.css', '/admin/admin.css']) {
      const stylesheet = await fetch(`${fixture.server.url}${path}`)
      assert.equal(stylesheet.status, 200, path)
      assert.match(stylesheet.headers.get('content-type') ?? '', /^text\/css/, path)
    }
    const page = await fixture.browser.context.newPage()
    await fixture.browser.context.clearCookies()
    await page.goto(`${fixture.server.url}/admin/`)
    await page.fill('#login-form input[name="username"]', ALICE.username)
    await page.fill('#login-form input[name="password"]', ALICE.password)
    // The first test deactivated her: bring her back so that the login itself succeeds.
    await fixture.server.stores.users.setActive(fixture.server.aliceId, true)
    await page.click('#login-form button[type="submit"]')
    await page.locator('#message.error').waitFor()
    assert.match((await page.textContent('#message')) ?? '', /not staff/)
    assert.equal(await page.locator('#users-view').isHidden(), true)
    await page.close()
  })
})
