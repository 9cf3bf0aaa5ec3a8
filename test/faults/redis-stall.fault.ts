import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { me, within } from '../helpers/cluster.ts'
import { FaultProxy } from '../helpers/fault-proxy.ts'
import { useInstancePair } from '../helpers/instance-pair.ts'
import { cookieAuth, loginAs } from '../helpers/test-server.ts'
import { sleep } from './fault-clients.ts'

/** The cross-instance revocation bound (README, "Running many instances"). */
const BOUND_MS = 1000
/** What the test's own polling and a loaded CI machine add to a measurement. */
const MARGIN_MS = 250

/**
 * Redis stalled without a reset (the proxy holds every byte): the subscriber's PING times out, instance B polls the
 * database at the fast rate, and a logout on A is refused on B within the bound — as through a reset.
 */
describe('faults: Redis stalled with two instances', () => {
  const pair = useInstancePair((host, port) => new FaultProxy(host, port))
  const password = 'stall password 1'

  before(async () => {
    const { a } = pair
    for (let i = 0; i < 3; i++)
      await a.core.users.create(
        { username: `stall-${i}`, passwordHash: await a.core.hasher.hash(password) },
        Date.now(),
      )
  })

  it('a logout on A is refused on B within the bound, at any moment of the stall', async (t) => {
    const { a, b, proxy } = pair
    const login = (username: string) => loginAs(a.app, { username, password })
    const sessions = [await login('stall-0'), await login('stall-1'), await login('stall-2')]
    for (const session of sessions) assert.equal((await me(b, session.access)).statusCode, 200)
    proxy.set('stall')
    const took: number[] = []
    try {
      // Just after the stall begins (before anyone could notice it), then well into it.
      for (const [session, waitMs] of [
        [sessions[0], 50],
        [sessions[1], 1500],
        [sessions[2], 700],
      ] as const) {
        await sleep(waitMs)
        const out = await a.app.inject({
          method: 'POST',
          url: '/accounts/auth/logout/',
          headers: cookieAuth({ refresh_token: session?.refresh ?? '' }, session?.csrf ?? ''),
        })
        assert.equal(out.statusCode, 200)
        took.push(
          await within(
            BOUND_MS + MARGIN_MS,
            async () => (await me(b, session?.access ?? '')).statusCode === 401,
          ),
        )
      }
    } finally {
      proxy.set('up')
    }
    t.diagnostic(
      `Redis stalled: revocation A → B in ${took.map((ms) => `${ms} ms`).join(', ')} (bound ${BOUND_MS} ms)`,
    )
    for (const ms of took) assert.ok(ms <= BOUND_MS + MARGIN_MS, `took ${ms} ms`)
  })
})
