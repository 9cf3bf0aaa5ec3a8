import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { ALICE } from '../helpers/test-server.ts'
import { type BrowserTestServer, startBrowserServer } from './helpers/browser-server.ts'
import { type Browser, launchChromium, skipWithoutChromium } from './helpers/chromium.ts'
import { clientCall, openClientPage } from './helpers/page-client.ts'
import { type Site, startSite } from './helpers/site.ts'

const STOLEN_PASSWORD = 'the attacker chose this 1'

/** Targets of the attacks: logging the victim out, and changing the password (the attacker even knows the old one). */
const TARGETS = {
  logout: { path: '/accounts/auth/logout/', fields: {} },
  password: {
    path: '/accounts/password/change/',
    fields: { old_password: ALICE.password, new_password: STOLEN_PASSWORD },
  },
} as const

/**
 * A page with one auto-submittable form per target. `withToken`: a sibling on the same site can read the
 * `csrftoken` cookie (cookies ignore ports) and puts it in Django's `csrfmiddlewaretoken` field.
 */
function formPage(api: () => string, target: keyof typeof TARGETS, withToken: boolean): () => string {
  return () => {
    const { path, fields } = TARGETS[target]
    const inputs = Object.entries(fields)
      .map(([name, value]) => `<input name="${name}" value="${value}">`)
      .join('')
    const token = withToken
      ? `<script>const m = document.cookie.match(/csrftoken=([^;]+)/);
         if (m) { const i = document.createElement('input'); i.name = 'csrfmiddlewaretoken'; i.value = m[1];
                  document.getElementById('f').append(i) }</script>`
      : ''
    return `<!doctype html><title>You won a prize</title>
      <form id="f" method="POST" action="${api()}${path}">${inputs}<button id="go">Claim</button></form>${token}`
  }
}

/** The victim opens the attacker's page and clicks; the form posts to the API and the tab lands on its answer. */
async function submitForm(page: Page, url: string, api: string): Promise<void> {
  await page.goto(url)
  await Promise.all([page.waitForURL((u) => u.href.startsWith(api)), page.click('#go')])
}

/** Script-made POSTs: a simple (no-cors) one, which the browser sends without asking, and a preflighted JSON one. */
async function fetchAttacks(page: Page, api: string, withToken: boolean): Promise<string[]> {
  return page.evaluate(
    async ({ api, targets, withToken }) => {
      const results: string[] = []
      const token = /csrftoken=([^;]+)/.exec(
        (globalThis as unknown as { document: { cookie: string } }).document.cookie,
      )
      for (const { path, fields } of Object.values(targets)) {
        const form = new URLSearchParams(fields)
        if (withToken && token?.[1]) form.set('csrfmiddlewaretoken', token[1])
        await fetch(`${api}${path}`, { method: 'POST', mode: 'no-cors', credentials: 'include', body: form })
        results.push('simple POST sent')
        try {
          await fetch(`${api}${path}`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/json', 'x-csrftoken': token?.[1] ?? 'guess' },
            body: JSON.stringify(fields),
          })
          results.push('JSON POST answered')
        } catch {
          results.push('JSON POST blocked')
        }
      }
      return results
    },
    { api, targets: TARGETS, withToken },
  )
}

describe('browser 3: another site cannot log the user out or change the password', {
  skip: skipWithoutChromium(),
}, () => {
  let server: BrowserTestServer
  let browser: Browser
  let crossSite: Site
  let sibling: Site
  const api = () => server.url

  before(async () => {
    crossSite = await startSite('127.0.0.2', {
      '/': () => '<!doctype html><title>evil</title>',
      '/logout': formPage(api, 'logout', false),
      '/password': formPage(api, 'password', false),
    })
    sibling = await startSite('localhost', {
      '/': () => '<!doctype html><title>sibling</title>',
      '/logout': formPage(api, 'logout', true),
      '/password': formPage(api, 'password', true),
    })
    // Long-lived access tokens here: the sibling's requests must carry a valid one, so that CSRF alone stops them.
    server = await startBrowserServer({ LATCHKEY_ACCESS_TOKEN_LIFETIME: '5m' })
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await server?.close()
    await crossSite?.close()
    await sibling?.close()
  })

  it('form and fetch POSTs from a cross-site page and from a same-site sibling change nothing', async () => {
    const victim = await openClientPage(browser.context, { apiUrl: server.url })
    assert.equal((await clientCall(victim, 'login', ALICE.username, ALICE.password)).ok, true)
    const [session] = await server.stores.sessions.listLive(server.aliceId, server.clock.now())
    assert.ok(session)

    const attacker = await browser.context.newPage()
    for (const site of [crossSite, sibling]) {
      await submitForm(attacker, `${site.origin}/logout`, server.url)
      await submitForm(attacker, `${site.origin}/password`, server.url)
      await attacker.goto(`${site.origin}/`)
      const fetched = await fetchAttacks(attacker, server.url, site === sibling)
      assert.deepEqual(fetched, [
        'simple POST sent',
        'JSON POST blocked',
        'simple POST sent',
        'JSON POST blocked',
      ])
    }

    // The attacks reached the server and were refused there: every unsafe request from the two sites failed.
    const attempts = server.record.answers.filter(
      (a) => a.method === 'POST' && (a.origin === crossSite.origin || a.origin === sibling.origin),
    )
    assert.equal(attempts.length, 8, JSON.stringify(attempts))
    for (const attempt of attempts) assert.ok(attempt.status >= 400, JSON.stringify(attempt))
    // The sibling's requests carried the cookies and a valid token: only the Origin check stopped them.
    assert.ok(attempts.filter((a) => a.origin === sibling.origin).every((a) => a.status === 403))

    // Verified on the server: the session lives, nothing was logged out or changed, the password is the old one.
    const live = await server.stores.sessions.listLive(server.aliceId, server.clock.now())
    assert.deepEqual(
      live.map((s) => [s.id, s.revokedAt]),
      [[session.id, null]],
    )
    for (const type of ['logout', 'revoked', 'password_changed']) assert.equal(server.count(type), 0, type)
    const alice = await server.stores.users.findByUsername(ALICE.username)
    assert.ok(alice)
    assert.equal((await server.core.hasher.verify(alice.passwordHash, ALICE.password)).valid, true)
    assert.equal((await server.core.hasher.verify(alice.passwordHash, STOLEN_PASSWORD)).valid, false)
    const still = await clientCall(victim, 'me')
    assert.equal(still.ok, true, 'the victim is still signed in')
  })
})
