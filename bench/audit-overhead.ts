/**
 * `node bench/audit-overhead.ts [--rounds 5] [--requests 2000] [--db sqlite|postgres]`
 *
 * What the audit log costs a login and a refresh, measured in-process (`inject`, no sockets) so that the difference
 * is not lost in the noise of a shared machine: two servers on the same kind of database, one writing the audit
 * table and one whose audit store drops its inserts, driven alternately round by round with 16 requests in flight.
 * Logins use cheap argon2id parameters here: at OWASP cost a hash takes ~14 ms of CPU and would hide everything else.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createServer, type LatchkeyServer } from '../src/server/create-server.ts'
import { openStores, type Stores } from '../src/server/open-stores.ts'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    requests: { type: 'string', default: '2000' },
    db: { type: 'string', default: 'sqlite' },
  },
})
const ROUNDS = Number(values.rounds)
const REQUESTS = Number(values.requests)
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const PASSWORD = 'correct horse battery staple'
const schemas: string[] = []

async function start(audit: boolean): Promise<{ server: LatchkeyServer; stores: Stores }> {
  let url = 'sqlite::memory:'
  if (values.db === 'postgres') {
    const schema = `lk_bench_${randomBytes(5).toString('hex')}`
    schemas.push(schema)
    url = `${POSTGRES_URL}?schema=${schema}`
  }
  const opened = await openStores(url)
  await opened.migrate()
  const stores: Stores = audit ? opened : { ...opened, audit: { ...opened.audit, append: async () => {} } }
  const server = await createServer({
    options: {
      secretKey: 'bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz',
      passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
      loginLimits: { perUserAndIp: '1000000/1m', perUser: '1000000/1m', perIp: '1000000/1m' },
    },
    stores,
  })
  await stores.users.create(
    { username: 'bench', passwordHash: await server.core.hasher.hash(PASSWORD) },
    Date.now(),
  )
  return { server, stores }
}

async function pool(count: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) await work(next++)
    }),
  )
  return count / ((performance.now() - started) / 1000)
}

async function logins(server: LatchkeyServer): Promise<{ rate: number; refreshTokens: string[] }> {
  const refreshTokens: string[] = []
  const rate = await pool(REQUESTS, async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/login/',
      payload: { username: 'bench', password: PASSWORD },
    })
    if (res.statusCode !== 200) throw new Error(`login ${res.statusCode}`)
    const cookie = String(res.headers['set-cookie']).match(/refresh_token=([^;]+)/)?.[1]
    if (cookie !== undefined) refreshTokens.push(cookie)
  })
  return { rate, refreshTokens }
}

async function refreshes(server: LatchkeyServer, tokens: readonly string[]): Promise<number> {
  return pool(tokens.length, async (i) => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${tokens[i]}` },
    })
    if (res.statusCode !== 200) throw new Error(`refresh ${res.statusCode}`)
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const on = await start(true)
const off = await start(false)
const rates = {
  on: { login: [] as number[], refresh: [] as number[] },
  off: { login: [] as number[], refresh: [] as number[] },
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, s] of round % 2 === 0
    ? ([
        ['on', on],
        ['off', off],
      ] as const)
    : ([
        ['off', off],
        ['on', on],
      ] as const)) {
    const login = await logins(s.server)
    rates[name].login.push(login.rate)
    rates[name].refresh.push(await refreshes(s.server, login.refreshTokens))
    await s.server.core.audit.drain()
  }
}
const written = await on.stores.audit.list({ offset: 0, limit: 1 })
console.log(
  `db ${values.db}, ${ROUNDS} rounds of ${REQUESTS} logins then ${REQUESTS} refreshes, 16 in flight`,
)
console.log(
  `login/s   audit on ${median(rates.on.login).toFixed(0)}  off ${median(rates.off.login).toFixed(0)}  ratio ${(median(rates.on.login) / median(rates.off.login)).toFixed(3)}`,
)
console.log(
  `refresh/s audit on ${median(rates.on.refresh).toFixed(0)}  off ${median(rates.off.refresh).toFixed(0)}  ratio ${(median(rates.on.refresh) / median(rates.off.refresh)).toFixed(3)}`,
)
console.log(`audit rows written by the 'on' server: ${written.count}`)
for (const s of [on, off]) {
  await s.server.app.close()
  await s.stores.close()
}
if (schemas.length > 0) {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  await client.connect()
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
}
