import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { DOCS_CSP } from '../../src/server/docs-ui.ts'
import { ALICE } from '../helpers/test-server.ts'
import { skipWithoutChromium } from './helpers/chromium.ts'
import { useBrowserFixture } from './helpers/fixture.ts'

/** Expands one operation of the docs page and runs it with the page's own "Execute"; returns the status shown. */
async function execute(page: Page, method: string, path: string, body?: object): Promise<string> {
  const block = page.locator(`.opblock-${method}`, { has: page.locator(`[data-path="${path}"]`) })
  await block.locator('.opblock-summary').first().click()
  const tryOut = block.locator('.try-out__btn')
  if ((await tryOut.count()) > 0 && (await tryOut.textContent())?.trim() === 'Try it out')
    await tryOut.click()
  if (body !== undefined) await block.locator('textarea.body-param__text').fill(JSON.stringify(body))
  await block.locator('button.execute').click()
  const status = block.locator('.live-responses-table .response .response-col_status').first()
  await status.waitFor()
  return ((await status.textContent()) ?? '').trim()
}

describe('browser: /docs/ under its CSP logs in and out', { skip: skipWithoutChromium() }, () => {
  const fixture = useBrowserFixture({ LATCHKEY_ACCESS_TOKEN_LIFETIME: '5m' })

  it('serves the page with a Content-Security-Policy, and swagger-ui runs under it without a violation', async () => {
    const page = await fixture.browser.context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`console: ${message.text()}`)
    })
    const response = await page.goto(`${fixture.server.url}/docs/`)
    assert.equal(response?.headers()['content-security-policy'], DOCS_CSP)
    await page.locator('.opblock').first().waitFor()
    assert.ok((await page.locator('.opblock').count()) >= 11)
    assert.deepEqual(problems, [])
    await page.close()
  })

  it('logs in with "Execute" on login, then logs out: the CSRF header comes from the cookie', async () => {
    await fixture.browser.context.clearCookies()
    const page = await fixture.browser.context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(`console: ${message.text()}`)
    })
    const sent: Record<string, string>[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/accounts/auth/logout/')) sent.push(request.headers())
    })
    await page.goto(`${fixture.server.url}/docs/`)
    await page.locator('.opblock').first().waitFor()

    assert.equal(await execute(page, 'post', '/accounts/auth/login/', ALICE), '200')
    const names = (await fixture.browser.context.cookies()).map((c) => c.name).sort()
    assert.deepEqual(names, ['access_token', 'csrftoken', 'refresh_token'])
    assert.equal(fixture.server.count('login'), 1)

    assert.equal(await execute(page, 'get', '/accounts/user/'), '200')
    const user = page.locator('.opblock-get', { has: page.locator('[data-path="/accounts/user/"]') })
    assert.match((await user.locator('.live-responses-table').textContent()) ?? '', /"username": "alice"/)

    assert.equal(await execute(page, 'post', '/accounts/auth/logout/'), '200')
    const csrf = (await fixture.browser.context.cookies()).find((c) => c.name === 'csrftoken')
    assert.equal(sent.at(-1)?.['x-csrftoken'], csrf?.value, 'the X-CSRFToken header is the cookie value')
    assert.equal(fixture.server.count('logout'), 1)
    const left = (await fixture.browser.context.cookies()).map((c) => c.name)
    assert.deepEqual(left, ['csrftoken'], 'the auth cookies are deleted')
    assert.deepEqual(problems, [])
    await page.close()
  })

  it('shows real examples and descriptions, never a generated placeholder', async () => {
    const page = await fixture.browser.context.newPage()
    await page.goto(`${fixture.server.url}/docs/`)
    await page.locator('.opblock').first().waitFor()
    for (const path of ['/accounts/auth/login/', '/accounts/sessions/', '/accounts/password/change/']) {
      await page.locator(`[data-path="${path}"]`).first().click()
    }
    await page.locator('.responses-table').first().waitFor()
    const text = (await page.locator('#swagger-ui').textContent()) ?? ''
    assert.doesNotMatch(text, /additionalProp1|Default Response/)
    assert.match(text, /Incorrect authentication credentials\./)
    assert.match(text, /CSRF Failed: CSRF token missing\./)
    assert.match(text, /X-CSRFToken/)
    await page.close()
  })
})
