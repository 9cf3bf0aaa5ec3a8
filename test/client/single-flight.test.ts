import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  type AuthClient,
  type AuthMode,
  createAuthClient,
  type SessionEndEvent,
} from '../../src/client/index.ts'
import { ALICE } from '../helpers/test-server.ts'
import { type ClientTestServer, expireAccessTokens, startClientTestServer } from './helpers/client-server.ts'
import { CookieJar } from './helpers/cookie-jar.ts'

/**
 * Tabs of one browser, simulated in one process: clients sharing a cookie jar, Node's Web Locks (process-wide, as a
 * browser's are per origin) and BroadcastChannel. Each tab is a separate client, as separate pages would be.
 */
interface Browser {
  readonly jar: CookieJar
  readonly tabs: AuthClient[]
  readonly ended: SessionEndEvent[]
  close(): void
}

function browser(
  server: ClientTestServer,
  count: number,
  options: { mode?: AuthMode; locks?: null; broadcast?: boolean } = {},
): Browser {
  const jar = new CookieJar()
  const ended: SessionEndEvent[] = []
  const tabs = Array.from({ length: count }, () =>
    createAuthClient({
      baseUrl: server.url,
      mode: options.mode ?? 'cookie',
      fetch: jar.fetch,
      readCookies: jar.documentCookie,
      onSessionEnd: (event) => ended.push(event),
      ...(options.locks === null && { locks: null }),
      ...(options.broadcast !== undefined && { broadcast: options.broadcast }),
    }),
  )
  return {
    jar,
    tabs,
    ended,
    close: () => {
      for (const t of tabs) t.close()
    },
  }
}

/** Every tab makes three API calls at once, after the access token expired in all of them. */
async function burst(tabs: readonly AuthClient[]): Promise<string[]> {
  const calls = tabs.flatMap((auth) => [
    auth.me().then((user) => user.username),
    auth.sessions().then((sessions) => (sessions.some((s) => s.current) ? 'alice' : 'no current session')),
    auth.fetch('/accounts/user/').then(async (r) => ((await r.json()) as { username: string }).username),
  ])
  return Promise.all(calls)
}

describe('single-flight refresh', () => {
  let server: ClientTestServer
  before(async () => {
    server = await startClientTestServer()
  })
  after(() => server.close())

  const cases: { name: string; mode: AuthMode; locks?: null }[] = [
    { name: 'cookie mode, Web Locks', mode: 'cookie' },
    { name: 'cookie mode, BroadcastChannel election (no Web Locks)', mode: 'cookie', locks: null },
    { name: 'memory mode, Web Locks', mode: 'memory' },
    { name: 'memory mode, BroadcastChannel election (no Web Locks)', mode: 'memory', locks: null },
  ]
  for (const c of cases) {
    it(`${c.name}: three tabs × three calls after expiry make one refresh and nobody is logged out`, async () => {
      const b = browser(server, 3, { mode: c.mode, ...(c.locks === null && { locks: null }) })
      try {
        const [first, ...others] = b.tabs as [AuthClient, ...AuthClient[]]
        await first.login(ALICE.username, ALICE.password)
        // Every tab has a session in hand (memory-mode tabs each refresh once for their own first token).
        for (const other of others) await other.me()
        expireAccessTokens(server)
        const before = { ...server.counted }
        const results = await burst(b.tabs)
        assert.deepEqual(results, Array(9).fill('alice'))
        assert.equal(server.counted.refreshes - before.refreshes, 1, 'one refresh reached the server')
        assert.equal(
          server.counted.graceRefreshes - before.graceRefreshes,
          0,
          'no second, grace-window refresh',
        )
        assert.deepEqual(b.ended, [])
        // Every tab still speaks for one and the same session: nobody was moved to a new one or logged out.
        const current = await Promise.all(
          b.tabs.map(async (t) => (await t.sessions()).find((s) => s.current)?.id),
        )
        assert.equal(typeof current[0], 'string')
        assert.deepEqual(current, Array(3).fill(current[0]))
      } finally {
        b.close()
      }
    })
  }

  it('within one tab, ten concurrent calls share one refresh', async () => {
    const b = browser(server, 1)
    try {
      const auth = b.tabs[0] as AuthClient
      await auth.login(ALICE.username, ALICE.password)
      expireAccessTokens(server)
      const before = server.counted.refreshes
      const users = await Promise.all(Array.from({ length: 10 }, () => auth.me()))
      assert.deepEqual(
        users.map((user) => user.username),
        Array(10).fill('alice'),
      )
      assert.equal(server.counted.refreshes - before, 1)
    } finally {
      b.close()
    }
  })

  it("a 401 that arrives after another tab's refresh reuses it instead of refreshing again", async () => {
    const jar = new CookieJar()
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    let held: () => void = () => {}
    const holding = new Promise<void>((resolve) => {
      held = resolve
    })
    const tab = (fetch: (request: Request) => Promise<Response>) =>
      createAuthClient({ baseUrl: server.url, fetch, readCookies: jar.documentCookie })
    const a = tab(jar.fetch)
    // Tab c's request goes out with the old cookies, but its 401 is delivered only after a's refresh is done.
    const c = tab(async (request) => {
      const response = await jar.fetch(request)
      if (response.status === 401) {
        held()
        await released
      }
      return response
    })
    try {
      await a.login(ALICE.username, ALICE.password)
      expireAccessTokens(server)
      jar.drop('access_token')
      const before = server.counted.refreshes
      const slow = c.me()
      // No sleeping: c's 401 is in hand (and held back) before a refreshes.
      await holding
      await a.me()
      release()
      assert.equal((await slow).username, 'alice')
      assert.equal(server.counted.refreshes - before, 1)
    } finally {
      a.close()
      c.close()
    }
  })

  it('without any coordination each tab refreshes on its own (what the coordinator prevents)', async () => {
    const b = browser(server, 3, { locks: null, broadcast: false })
    try {
      const [first] = b.tabs as [AuthClient]
      await first.login(ALICE.username, ALICE.password)
      expireAccessTokens(server)
      const before = server.counted.refreshes
      const results = await Promise.all(b.tabs.map((auth) => auth.me()))
      assert.deepEqual(
        results.map((user) => user.username),
        Array(3).fill('alice'),
      )
      assert.equal(server.counted.refreshes - before, 3)
      // The server's grace window still keeps every tab signed in.
      assert.deepEqual(b.ended, [])
    } finally {
      b.close()
    }
  })
})
