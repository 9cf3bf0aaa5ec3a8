import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import type { KyselyStores } from '../../src/stores/kysely/kysely-stores.ts'
import { createPostgresStores } from '../../src/stores/postgres/index.ts'
import { createSqliteStores } from '../../src/stores/sqlite/index.ts'
import { TEST_DATABASE_URL } from '../helpers/postgres.ts'
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.ts'
import { SECRET } from '../helpers/test-server.ts'
import { FaultClient, loop, seedUsers, sleep, Tally } from './fault-clients.ts'

const GRACE_MS = 3000
const CLIENTS = 20
const LIMIT_MS = 5000
const dir = mkdtempSync(join(tmpdir(), 'latchkey-crash-'))
after(() => rmSync(dir, { recursive: true, force: true }))

interface Database {
  readonly url: string
  readonly stores: KyselyStores
  close(): Promise<void>
}

async function sqliteDatabase(): Promise<Database> {
  const path = join(dir, `${randomBytes(4).toString('hex')}.sqlite`)
  const stores = createSqliteStores(path)
  await stores.migrate()
  return { url: `sqlite:${path}`, stores, close: () => stores.close() }
}

async function postgresDatabase(): Promise<Database> {
  const schema = `lk_crash_${randomBytes(6).toString('hex')}`
  const stores = createPostgresStores(TEST_DATABASE_URL, { schema, poolSize: 2 })
  await stores.migrate()
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('schema', schema)
  return {
    url: url.toString(),
    stores,
    async close() {
      await stores.close()
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    },
  }
}

const serve = (database: Database) =>
  spawnServer({
    LATCHKEY_DATABASE_URL: database.url,
    LATCHKEY_SECRET_KEY: SECRET,
    LATCHKEY_REFRESH_GRACE_WINDOW: `${GRACE_MS / 1000}s`,
    LATCHKEY_DEMO: 'false',
    LATCHKEY_DOCS: 'false',
  })

/**
 * Every persisted time moved 30 s into the past, after the kill and before the restart: exactly the state a restart
 * 30 s after the kill would find (the last heartbeat and every rotation 30 s further back than the restart), without
 * the suite waiting 30 real seconds. Under the old wall-clock rule these retired tokens would be replays.
 */
async function age(database: Database, ms: number): Promise<void> {
  await sql`update latchkey_service_clock set last_beat_ms = last_beat_ms - ${ms}`.execute(database.stores.db)
  await sql`update latchkey_session set rotated_at = rotated_at - ${ms} where rotated_at is not null`.execute(
    database.stores.db,
  )
}

/**
 * A rotation committed whose answer never left the server: what a kill between the commit and the answer leaves.
 * On SQLite the window between the two is too narrow for a kill to land in it by chance (the runs saw
 * none), so three clients get it on purpose: the store's own rotation, at the service time the server would use,
 * while the client keeps the token it had. Returns false for a client whose token is no longer current.
 */
/** How many clients hold a token that is no longer their session's current one: rotations committed, unanswered. */
async function retiredHolders(database: Database, clients: readonly FaultClient[]): Promise<number> {
  let retired = 0
  for (const client of clients) {
    const { sid, jti } = JSON.parse(
      Buffer.from(client.refreshToken.split('.')[1] ?? '', 'base64url').toString(),
    )
    if ((await database.stores.sessions.get(sid))?.currentJti !== jti) retired++
  }
  return retired
}

async function commitUnanswered(database: Database, client: FaultClient): Promise<boolean> {
  const payload = JSON.parse(
    Buffer.from(client.refreshToken.split('.')[1] ?? '', 'base64url').toString(),
  ) as {
    sid: string
    jti: string
    user_id: number
  }
  // A client whose own last refresh committed unanswered already holds a retired token: it is one of those anyway.
  const session = await database.stores.sessions.get(payload.sid)
  if (session?.currentJti !== payload.jti) return false
  const { rows } = await sql<{ offset_ms: number }>`select offset_ms from latchkey_service_clock`.execute(
    database.stores.db,
  )
  const now = Date.now()
  const outcome = await database.stores.sessions.rotate({
    sessionId: payload.sid,
    userId: payload.user_id,
    presentedJti: payload.jti,
    newJti: randomBytes(16).toString('hex'),
    now,
    idleTimeoutMs: 0,
    graceMs: GRACE_MS,
    serviceNow: now - Number(rows[0]?.offset_ms ?? 0),
  })
  // 'grace': a statement the killed server sent just before dying committed after the read above (PostgreSQL finishes
  // it on its own) — the client holds a retired token either way.
  assert.ok(outcome.kind === 'rotated' || outcome.kind === 'grace', outcome.kind)
  return true
}

type Downtime =
  | { readonly kind: 'real'; readonly ms: number }
  | { readonly kind: 'aged'; readonly ms: number }

/** Clients refresh in a loop; the server is SIGKILLed mid-load, stays down for `downtime`, restarts; nobody is out. */
async function crashAndRestart(
  open: () => Promise<Database>,
  downtime: Downtime,
  t: { diagnostic(m: string): void },
) {
  const database = await open()
  let server: SpawnedServer | undefined
  try {
    server = await serve(database)
    const tally = new Tally()
    const clients: FaultClient[] = []
    for (const username of await seedUsers(database.stores.users, CLIENTS, 'crash')) {
      const client = new FaultClient(username, tally, LIMIT_MS)
      await client.login(server.url)
      clients.push(client)
    }
    let done = false
    const firstUrl = server.url
    const load = loop(
      clients,
      (client) => client.refresh(firstUrl),
      () => done,
      5,
    )
    await sleep(700)
    // Kill while requests are on the wire: the clients pause between refreshes, so at a random instant none might
    // be (a fast server answers in about a millisecond). Polled, not slept: the kill lands within a tick.
    const deadline = performance.now() + 5000
    while (tally.inFlight < 3 && performance.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve))
    await server.stop('SIGKILL')
    done = true
    await load
    let unanswered = 0
    for (const client of clients) {
      if (unanswered === 3) break
      if (await commitUnanswered(database, client)) unanswered++
    }
    const retired = await retiredHolders(database, clients)
    if (downtime.kind === 'real') await sleep(downtime.ms)
    else await age(database, downtime.ms)
    server = await serve(database)
    const url = server.url
    // Every client retries at once, as real ones do when service resumes.
    const statuses = await Promise.all(
      clients.map(async (client) => {
        let status = 0
        for (let attempt = 0; attempt < 10 && status !== 200 && status !== 401; attempt++)
          status = await client.refresh(url)
        return status
      }),
    )
    for (const [i, status] of statuses.entries())
      assert.equal(status, 200, `${clients[i]?.username} is still logged in`)
    t.diagnostic(
      `${downtime.kind === 'real' ? 'restart after' : 'restart with the state of'} ${downtime.ms / 1000} s (grace ${GRACE_MS / 1000} s): ${tally.summary('SIGKILL mid-refresh')}; ${retired} clients held a retired token (rotation committed, answer lost)`,
    )
    assert.ok(tally.lost > 0, 'the kill interrupted requests in flight')
    assert.equal(tally.serverErrors, 0)
    assert.equal(tally.loggedOut, 0, 'nobody logged out')

    // In normal service a replay still revokes the family.
    const victim = clients[0] as FaultClient
    const stolen = victim.refreshToken
    assert.equal(await victim.refresh(url), 200)
    assert.equal(await victim.refresh(url), 200)
    const thief = new FaultClient(victim.username, new Tally(), LIMIT_MS)
    thief.refreshToken = stolen
    assert.equal(await thief.refresh(url), 401, 'a token two rotations old is a replay')
    assert.equal(await victim.refresh(url), 401, 'the whole family is revoked')
  } finally {
    await server?.stop('SIGKILL')
    await database.close()
  }
}

for (const [name, open] of [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
] as const) {
  describe(`faults: SIGKILL mid-refresh on ${name}`, () => {
    it('a restart shorter than the grace window logs nobody out', (t) =>
      crashAndRestart(open, { kind: 'real', ms: 1000 }, t))
    it('a restart longer than the grace window (5 s real) logs nobody out', (t) =>
      crashAndRestart(open, { kind: 'real', ms: 5000 }, t))
    it('a restart 30 s later logs nobody out', (t) => crashAndRestart(open, { kind: 'aged', ms: 30_000 }, t))
  })
}
