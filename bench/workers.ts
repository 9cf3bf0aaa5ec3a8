/**
 * `npm run bench:workers [-- --duration 10 --connections 50 --rounds 2 --db sqlite|postgres]`
 *
 * `latchkey serve --workers 2` against `--workers 1`, side by side in one run: both servers run at once (an idle
 * one costs nothing), production settings, log level warn, and the scenarios alternate between them over the
 * rounds; each keeps its better round. Scenarios: the authenticated `GET /accounts/user/` (access cookie, wrk) and
 * refresh with rotation (one session per connection, `refresh-load.ts`). Server CPU is the primary's and every
 * worker's together. On a machine with as many cores as workers the load generator competes with the workers for
 * them, which caps the ratio: read it with the load generator's CPU share beside it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createPasswordHasher } from '../src/core/passwords/password-hasher.ts'
import { openStores } from '../src/server/open-stores.ts'
import { BENCH_USER, benchLogin } from './bench-login.ts'
import { cpuSeconds, type LoadResult, runRefreshLoad, runWrk } from './load-tools.ts'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '2' },
    db: { type: 'string', default: 'sqlite' },
    port: { type: 'string', default: '18810' },
  },
})
const durationS = Number(values.duration)
const connections = Number(values.connections)
const rounds = Number(values.rounds)
const SECRET = randomBytes(48).toString('base64')
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const ROOT = join(import.meta.dirname, '..')

const schema = `lk_bench_${randomBytes(4).toString('hex')}`
const databaseUrl =
  values.db === 'postgres'
    ? `${POSTGRES_URL}?schema=${schema}`
    : `sqlite:${join(tmpdir(), `latchkey-bench-workers-${randomBytes(4).toString('hex')}.sqlite`)}`
const stores = await openStores(databaseUrl)
await stores.migrate()
const hasher = createPasswordHasher({ memoryCost: 19456, timeCost: 2, parallelism: 1 })
await stores.users.create(
  { username: 'bench', passwordHash: await hasher.hash(BENCH_USER.password) },
  Date.now(),
)
await stores.close()

interface Server {
  readonly workers: number
  readonly url: string
  readonly child: ChildProcess
  /** The primary and its workers (or the single process). */
  readonly pids: number[]
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number)
  } catch {
    return []
  }
}

async function start(workers: number, port: number): Promise<Server> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'src/cli/main.ts'), 'serve', '--workers', String(workers)],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LATCHKEY_SECRET_KEY: SECRET,
        LATCHKEY_COOKIE_SECURE: 'true',
        LATCHKEY_ALLOWED_HOSTS: '127.0.0.1',
        // Every refresh round logs in a session per connection, all for the one bench user: past the default cap of
        // 100 the oldest would be revoked, the one the GET scenario uses among them.
        LATCHKEY_MAX_SESSIONS_PER_USER: '1000000',
        LATCHKEY_DATABASE_URL: databaseUrl,
        LATCHKEY_PORT: String(port),
        LATCHKEY_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  const pid = child.pid ?? 0
  // Ready when the port answers and every worker process exists (each listens within a moment of starting).
  for (;;) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`--workers ${workers} did not start`)
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok && (workers === 1 || childrenOf(pid).length === workers)) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await new Promise((resolve) => setTimeout(resolve, 1000))
  return { workers, url, child, pids: workers === 1 ? [pid] : [pid, ...childrenOf(pid)] }
}

const serverCpu = (server: Server) => server.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)

async function userGet(server: Server, access: string, seconds = durationS): Promise<LoadResult> {
  const before = serverCpu(server)
  const result = await runWrk({
    url: `${server.url}/accounts/user/`,
    connections,
    durationS: seconds,
    headers: { cookie: `access_token=${access}` },
    serverPid: server.pids[0] ?? 0,
  })
  return { ...result, server_cpu_s: serverCpu(server) - before }
}

async function refresh(server: Server): Promise<LoadResult> {
  const tokens: string[] = []
  for (let i = 0; i < connections; i++) tokens.push((await benchLogin(server.url)).refresh)
  return runRefreshLoad({
    url: server.url,
    connections,
    durationS,
    tokens,
    serverCpu: () => serverCpu(server),
  })
}

const port = Number(values.port)
const servers = [await start(1, port), await start(2, port + 1)]
const results = new Map<string, LoadResult[]>()
const record = (key: string, result: LoadResult) => results.set(key, [...(results.get(key) ?? []), result])
try {
  const sessions = await Promise.all(servers.map((s) => benchLogin(s.url)))
  console.error('warm-up')
  for (const [i, server] of servers.entries()) await userGet(server, sessions[i]?.access ?? '', 3)
  for (let round = 1; round <= rounds; round++) {
    for (const [i, server] of servers.entries()) {
      console.error(`round ${round}: user GET, --workers ${server.workers}`)
      record(`user-${server.workers}`, await userGet(server, sessions[i]?.access ?? ''))
    }
    for (const server of servers) {
      console.error(`round ${round}: refresh, --workers ${server.workers}`)
      record(`refresh-${server.workers}`, await refresh(server))
    }
  }
} finally {
  for (const server of servers) server.child.kill('SIGTERM')
  if (values.db === 'postgres') {
    const client = new pg.Client({ connectionString: POSTGRES_URL })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await client.end()
  }
}

const best = (key: string) => (results.get(key) ?? []).reduce((a, b) => (b.rps > a.rps ? b : a))
const pad = (v: unknown, n: number) => String(v).padEnd(n)
console.log(
  `${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? ''} · Node ${process.version} · ${values.db}`,
)
console.log(
  `${pad('scenario', 12)}${pad('workers', 9)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('errors', 8)}${pad('CPU µs/req', 12)}${pad('loadgen CPU', 13)}ratio`,
)
let errors = 0
for (const scenario of ['user', 'refresh']) {
  const one = best(`${scenario}-1`)
  for (const workers of [1, 2]) {
    const r = best(`${scenario}-${workers}`)
    errors += r.errors
    const share = Math.round((100 * r.loadgen_cpu_s) / (r.loadgen_cpu_s + r.server_cpu_s))
    console.log(
      `${pad(scenario, 12)}${pad(workers, 9)}${pad(Math.round(r.rps), 9)}${pad(r.p50_ms.toFixed(2), 8)}${pad(r.p99_ms.toFixed(2), 8)}${pad(r.errors, 8)}${pad(((r.server_cpu_s * 1e6) / r.requests).toFixed(1), 12)}${pad(`${share} %`, 13)}${(r.rps / one.rps).toFixed(2)}`,
    )
  }
}
if (errors > 0) {
  console.error('errors or non-2xx answers were seen: the run fails')
  process.exit(1)
}
