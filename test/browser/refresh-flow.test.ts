import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { User } from '../../src/client/index.ts'
import { ALICE } from '../helpers/test-server.ts'
import { expireAccessTokens } from './helpers/browser-server.ts'
import { skipWithoutChromium } from './helpers/chromium.ts'
import { useBrowserFixture } from './helpers/fixture.ts'
import { clientCall, openClientPage, sessionEnds } from './helpers/page-client.ts'

describe('browser 2: login → me → expiry → me → logout → me', { skip: skipWithoutChromium() }, () => {
  const fixture = useBrowserFixture()

  for (const mode of ['cookie', 'memory'] as const) {
    it(`${mode} mode: refreshes transparently once the access token has expired, and logout ends it`, async () => {
      await fixture.browser.context.clearCookies()
      const page = await openClientPage(fixture.browser.context, { apiUrl: fixture.server.url, mode })
      const refreshesBefore = fixture.server.count('refresh')
      assert.equal((await clientCall(page, 'login', ALICE.username, ALICE.password)).ok, true)
      const first = await clientCall<User>(page, 'me')
      assert.deepEqual(first, {
        ok: true,
        value: { id: fixture.server.aliceId, username: 'alice', first_name: 'Alice', last_name: 'Liddell' },
      })
      assert.equal(
        fixture.server.count('refresh'),
        refreshesBefore,
        'no refresh while the access token is valid',
      )

      expireAccessTokens(fixture.server)
      const second = await clientCall<User>(page, 'me')
      assert.equal(second.ok && second.value.username, 'alice')
      assert.equal(
        fixture.server.count('refresh') - refreshesBefore,
        1,
        'one refresh, made by the client on its own',
      )
      const last = fixture.server.record.answers.filter((a) => a.path === '/accounts/user/').slice(-2)
      assert.deepEqual(
        last.map((a) => a.status),
        [401, 200],
        'the expired call was refused, then retried after the refresh',
      )

      assert.equal((await clientCall(page, 'logout')).ok, true)
      const refused = await clientCall(page, 'me')
      assert.equal(refused.ok, false)
      assert.equal(!refused.ok && refused.status, 401)
      const live = await fixture.server.stores.sessions.listLive(
        fixture.server.aliceId,
        fixture.server.clock.now(),
      )
      assert.deepEqual(live, [], 'the server revoked the session')
      assert.deepEqual(
        await sessionEnds(page),
        [],
        'a logout the page asked for is not a surprise session end',
      )
      await page.close()
    })
  }
})
