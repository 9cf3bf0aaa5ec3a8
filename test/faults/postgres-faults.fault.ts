import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { createServer, type LatchkeyServer } from '../../src/server/create-server.ts'
import type { KyselyStores } from '../../src/stores/kysely/kysely-stores.ts'
import { createPostgresStores } from '../../src/stores/postgres/index.ts'
import { FaultProxy } from '../helpers/fault-proxy.ts'
import { TEST_DATABASE_URL } from '../helpers/postgres.ts'
import { FAST_HASHING, SECRET } from '../helpers/test-server.ts'
import { FaultClient, loop, seedUsers, sleep, Tally } from './fault-clients.ts'

const STATEMENT_TIMEOUT_MS = 500
/**
 * The longest any request may take: pg's client-side timeout (statement timeout + 1 s) plus a margin for the CI,
 * and on a slowed (not stalled) network the three statements a refresh makes in turn, each slowed but answered.
 */
const LIMIT_MS = STATEMENT_TIMEOUT_MS + 1000 + 2000
const CLIENTS = 10
const FAULT_MS = 3000

/**
 * PostgreSQL refused, stalled and slowed through a proxy this test owns (the shared server is never touched), under
 * clients that refresh and read their user in a loop: no 500, no request past the timeouts, nobody logged out.
 */
describe('faults: PostgreSQL refused, stalled, slowed', () => {
  const schema = `lk_fault_${randomBytes(6).toString('hex')}`
  const target = new URL(TEST_DATABASE_URL)
  const proxy = new FaultProxy(target.hostname, Number(target.port || 5432))
  let stores: KyselyStores
  let server: LatchkeyServer
  let base = ''
  const clients: FaultClient[] = []

  before(async () => {
    await proxy.start()
    const url = new URL(TEST_DATABASE_URL)
    url.port = String(proxy.port)
    stores = createPostgresStores(url.toString(), {
      schema,
      poolSize: 4,
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: STATEMENT_TIMEOUT_MS,
    })
    await stores.migrate()
    server = await createServer({
      options: { secretKey: SECRET, passwordHashing: FAST_HASHING, refreshGraceWindow: '3s' },
      stores,
      healthTimeoutMs: STATEMENT_TIMEOUT_MS,
    })
    await server.app.listen({ host: '127.0.0.1', port: 0 })
    base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
    const tally = new Tally()
    for (const username of await seedUsers(stores.users, CLIENTS, 'pg')) {
      const client = new FaultClient(username, tally, LIMIT_MS)
      await client.login(base)
      clients.push(client)
    }
  })

  after(async () => {
    await server.app.close()
    await stores.close()
    await proxy.stop()
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  /** Clients refresh and read in a loop through `FAULT_MS` of the fault, then every one refreshes once recovered. */
  async function underFault(mode: 'refuse' | 'stall' | 'slow', t: { diagnostic(message: string): void }) {
    const tally = new Tally()
    for (const client of clients) client.tally = tally
    let done = false
    const readiness: number[] = []
    const load = loop(
      clients,
      (client) => client.refresh(base).then(() => client.me(base)),
      () => done,
      50,
    )
    await sleep(300)
    proxy.set(mode, 200)
    const faultStarted = performance.now()
    while (performance.now() - faultStarted < FAULT_MS) {
      const started = performance.now()
      const ready = await fetch(`${base}/readyz`)
      readiness.push(performance.now() - started)
      if (mode !== 'slow') assert.equal(ready.status, 503)
      await sleep(300)
    }
    proxy.set('up')
    await sleep(300)
    done = true
    await load
    // Recovery: every client still holds a session that refreshes.
    for (const client of clients) {
      let status = 0
      for (let attempt = 0; attempt < 20 && status !== 200 && status !== 401; attempt++) {
        status = await client.refresh(base)
        if (status !== 200) await sleep(250)
      }
      assert.equal(status, 200, `${client.username} refreshes after the fault`)
    }
    t.diagnostic(tally.summary(`PostgreSQL ${mode}`))
    t.diagnostic(`/readyz during the fault: slowest ${Math.round(Math.max(...readiness))} ms`)
    assert.equal(tally.serverErrors, 0, 'no 5xx but 503')
    assert.equal(tally.loggedOut, 0, 'no client logged out')
    assert.ok(tally.slowest < LIMIT_MS, `slowest request ${tally.slowest} ms < ${LIMIT_MS} ms`)
    assert.ok(Math.max(...readiness) < STATEMENT_TIMEOUT_MS + 500, 'the readiness probe is bounded')
    return tally
  }

  it('refused: 503 with Retry-After, cached users still served, nobody logged out', async (t) => {
    const tally = await underFault('refuse', t)
    assert.ok(tally.unavailable > 0, 'the outage was seen')
  })

  it('stalled (no reset): every wait bounded, 503 not 500, nobody logged out', async (t) => {
    const tally = await underFault('stall', t)
    assert.ok(tally.unavailable > 0, 'the outage was seen')
  })

  it('slowed (+200 ms a packet): authenticated reads do not wait on the database', async (t) => {
    const tally = new Tally()
    for (const client of clients) client.tally = tally
    proxy.set('slow', 200)
    try {
      let done = false
      const load = loop(
        clients,
        (client) => client.me(base),
        () => done,
        20,
      )
      await sleep(FAULT_MS)
      done = true
      await load
    } finally {
      proxy.set('up')
    }
    t.diagnostic(tally.summary('authenticated reads, PostgreSQL slowed'))
    assert.equal(tally.serverErrors + tally.unavailable, 0)
    assert.ok(tally.percentile(50) < 20, `p50 ${tally.percentile(50)} ms`)
    assert.ok(
      tally.percentile(99) < 250,
      `p99 ${tally.percentile(99)} ms: at most one short wait per user and TTL`,
    )
    await underFault('slow', t)
  })
})
