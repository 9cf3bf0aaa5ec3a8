import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { ALICE } from '../helpers/test-server.ts'
import { expireAccessTokens } from './helpers/browser-server.ts'
import { skipWithoutChromium } from './helpers/chromium.ts'
import { useBrowserFixture } from './helpers/fixture.ts'
import { clientCall, openClientPage, type PageGlobals, sessionEnds } from './helpers/page-client.ts'

/** Three API calls at once from one tab: who am I, the sessions, and an app call through `auth.fetch`. */
function burst(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const { auth } = (globalThis as unknown as PageGlobals).latchkey
    return Promise.all([
      auth.me().then((user) => user.username),
      auth.sessions().then((sessions) => (sessions.some((s) => s.current) ? 'alice' : 'no current session')),
      auth.fetch('/accounts/user/').then(async (r) => ((await r.json()) as { username: string }).username),
    ])
  })
}

describe('browser 4: two tabs with expired access tokens make one refresh', {
  skip: skipWithoutChromium(),
}, () => {
  const fixture = useBrowserFixture()

  const cases = [
    { name: 'cookie mode, Web Locks', mode: 'cookie', webLocks: true },
    { name: 'cookie mode, BroadcastChannel fallback', mode: 'cookie', webLocks: false },
    { name: 'memory mode, Web Locks', mode: 'memory', webLocks: true },
  ] as const
  for (const c of cases) {
    it(`${c.name}: both tabs keep working and the server sees one refresh`, async () => {
      await fixture.browser.context.clearCookies()
      const tabs = [
        await openClientPage(fixture.browser.context, {
          apiUrl: fixture.server.url,
          mode: c.mode,
          webLocks: c.webLocks,
        }),
        await openClientPage(fixture.browser.context, {
          apiUrl: fixture.server.url,
          mode: c.mode,
          webLocks: c.webLocks,
        }),
      ] as const
      assert.equal((await clientCall(tabs[0], 'login', ALICE.username, ALICE.password)).ok, true)
      // Both tabs are signed in (a memory-mode tab gets its own first access token from the shared refresh cookie).
      for (const tab of tabs) assert.equal((await clientCall(tab, 'me')).ok, true)
      expireAccessTokens(fixture.server) // both tabs' access tokens have now expired together

      const before = fixture.server.count('refresh')
      const answered = fixture.server.record.answers.length
      const [a, b] = await Promise.all(tabs.map(burst))
      const refused = fixture.server.record.answers.slice(answered).filter((r) => r.status === 401)
      // More 401s than one tab's three calls: both tabs really met the expired token.
      assert.ok(refused.length >= 4, `${refused.length} calls refused`)
      assert.deepEqual([a, b], [Array(3).fill('alice'), Array(3).fill('alice')])
      assert.equal(fixture.server.count('refresh') - before, 1, 'one refresh for six calls in two tabs')
      assert.equal(fixture.server.count('reuse'), 0)
      for (const tab of tabs) assert.deepEqual(await sessionEnds(tab), [], 'no tab was logged out')
      const live = await fixture.server.stores.sessions.listLive(
        fixture.server.aliceId,
        fixture.server.clock.now(),
      )
      assert.equal(live.length, 1, 'still the one session')

      await clientCall(tabs[0], 'logout')
      for (const tab of tabs) await tab.close()
    })
  }
})
