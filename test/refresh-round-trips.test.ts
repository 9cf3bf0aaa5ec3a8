import assert from 'node:assert/strict'
import { AsyncLocalStorage } from 'node:async_hooks'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { toWebHandler, type WebLatchkey } from '../src/adapters/web/index.ts'
import { contextOf, createLatchkey, type Latchkey } from '../src/core/create-latchkey.ts'
import { setCookies } from './helpers/cookies.ts'
import { ManualClock } from './helpers/manual-clock.ts'
import { openPostgresTestStores } from './helpers/postgres.ts'
import { ALICE, seedUsers, testOptions } from './helpers/test-server.ts'

const ORIGIN = 'http://127.0.0.1'
const REFRESH = `${ORIGIN}/accounts/auth/refresh_token/`

/**
 * Every statement the pg driver sends, attributed to the work that sent it. The driver's own `Client.prototype.query`
 * is wrapped — every statement of every pool connection goes through it, BEGIN and COMMIT included, and pg sends
 * one extended-protocol exchange (Parse/Bind/Execute/Sync) per call, so one call is one round trip. It must be
 * wrapped before the pool opens a connection (the store binds each connection's `query` when it connects), so a
 * statement cannot slip past uncounted. Only statements sent from inside `run` count: the server's background work
 * (heartbeat, revocation poll, keyring refresh) runs from timers started outside it, so it cannot make a count pass
 * or fail by accident. Latchkey is driven through its Fetch API handler, a plain promise chain from the request to
 * the driver, so the attribution follows it all the way (Fastify's inject does not carry the caller's async
 * context through to the route: counted that way, every refresh read as zero statements).
 */
class StatementLog {
  readonly #current = new AsyncLocalStorage<string[]>()
  readonly #original = pg.Client.prototype.query

  install(): void {
    const original = this.#original
    const current = this.#current
    const counted = function (this: pg.Client, ...args: unknown[]): unknown {
      const [first] = args
      const text = typeof first === 'string' ? first : String((first as { text?: unknown } | null)?.text)
      current.getStore()?.push(text)
      return (original as (...a: unknown[]) => unknown).apply(this, args)
    }
    pg.Client.prototype.query = counted as typeof pg.Client.prototype.query
  }

  uninstall(): void {
    pg.Client.prototype.query = this.#original
  }

  /** Runs `work` and returns what it returned, with the statements it sent (a copy taken when it settles). */
  async run<T>(
    work: () => Promise<T>,
  ): Promise<{ readonly result: T; readonly statements: readonly string[] }> {
    const sent: string[] = []
    const result = await this.#current.run(sent, work)
    return { result, statements: [...sent] }
  }
}

/** The one statement of a successful refresh: the session's conditional UPDATE, its user's state inside its WHERE. */
function assertOneConditionalUpdate(statements: readonly string[]): void {
  assert.equal(statements.length, 1, `one round trip, not ${statements.length}:\n${statements.join('\n')}`)
  const [update = ''] = statements
  assert.match(update, /^update "latchkey_session" set /)
  assert.match(
    update,
    / exists \(select 1 as "one" from "latchkey_user" where "latchkey_user"\."id" = \$\d+ and "latchkey_user"\."is_active" = 1\)/,
  )
}

for (const rotateRefreshTokens of [true, false]) {
  describe(`a refresh on PostgreSQL is one round trip (rotateRefreshTokens: ${rotateRefreshTokens})`, () => {
    const log = new StatementLog()
    const clock = new ManualClock()
    let stores: Awaited<ReturnType<typeof openPostgresTestStores>>
    let latchkey: Latchkey
    let web: WebLatchkey
    let aliceId = 0
    before(async () => {
      log.install()
      stores = await openPostgresTestStores(2)
      latchkey = await createLatchkey(testOptions({ rotateRefreshTokens }), stores, { clock })
      // The background work too, as a deployment runs it: its statements must not be counted.
      await latchkey.start()
      web = toWebHandler(latchkey)
      const core = contextOf(latchkey)
      aliceId = (await seedUsers(stores, core.hasher, clock)).alice.id
      // The first service-clock reading of a process (and the first after an outage) beats before it answers: one
      // round trip per start or outage, which the heartbeat then keeps from recurring. It is not a refresh's own.
      await core.serviceClock.beat()
    })
    after(async () => {
      await latchkey.stop()
      await stores.close()
      log.uninstall()
    })

    const login = async () => {
      const response = await web.fetch(
        new Request(`${ORIGIN}/accounts/auth/login/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ALICE),
        }),
      )
      assert.equal(response.status, 200)
      const refresh = setCookies(cookieHeaders(response)).get('refresh_token')?.value
      assert.ok(refresh)
      return refresh
    }
    const refresh = (token: string) =>
      log.run(() =>
        web.fetch(new Request(REFRESH, { method: 'POST', headers: { cookie: `refresh_token=${token}` } })),
      )

    it('a successful refresh sends exactly one statement: the conditional UPDATE, with the user in its WHERE', async () => {
      const token = await login()
      clock.advance(1000)
      const first = await refresh(token)
      assert.equal(first.result.status, 200, await first.result.text())
      assertOneConditionalUpdate(first.statements)
      const next = setCookies(cookieHeaders(first.result)).get('refresh_token')?.value ?? token
      clock.advance(1000)
      const again = await refresh(next)
      assert.equal(again.result.status, 200, await again.result.text())
      assertOneConditionalUpdate(again.statements)
    })

    it('the log counts every statement: a refused refresh also reads why (the user), and that read is counted', async () => {
      const token = await login()
      await stores.users.setActive(aliceId, false)
      try {
        const { result, statements } = await refresh(token)
        assert.equal(result.status, 401)
        assert.equal(((await result.json()) as { code: string }).code, 'user_inactive')
        assert.equal(statements.length, 2, statements.join('\n'))
        assert.match(statements[0] ?? '', /^update "latchkey_session" set /)
        assert.match(statements[1] ?? '', /^select "is_active" from "latchkey_user" where "id" = \$1/)
      } finally {
        await stores.users.setActive(aliceId, true)
      }
      const { result, statements } = await refresh(token)
      assert.equal(result.status, 200, 'the refused refresh changed nothing: the same token refreshes now')
      assertOneConditionalUpdate(statements)
    })
  })
}

/** A Response's headers in the shape the cookie helper reads (each Set-Cookie line apart). */
function cookieHeaders(response: Response): Record<string, string[]> {
  return { 'set-cookie': response.headers.getSetCookie() }
}
