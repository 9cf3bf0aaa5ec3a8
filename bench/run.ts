/**
 * `npm run bench [-- --duration 10 --connections 50 --db sqlite|postgres|both --json]`
 * `npm run bench -- --adapter fastify|express|hono|hono-handler|web|all`: the adapter comparison (bench/adapter-bench.ts);
 * with `--instructions`, the same routes counted in instructions per request under callgrind (valgrind); with
 * `--profile`, the guarded route's instructions function by function against the framework's floor.
 *
 * Starts the server in its own process with production settings and drives it from another process (wrk, or
 * autocannon for the refresh scenario), side by side in one run, and reports each scenario as a ratio to the
 * baseline measured in the same run. Exits non-zero when any scenario saw errors or non-2xx answers.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { BENCH_USER, benchLogin } from './bench-login.ts'
import { cpuSeconds, type LoadResult, median, runRefreshLoad, runWrk } from './load-tools.ts'
import { measureMemoryGrowth, SERVER_ALLOCATOR_ENV } from './memory-growth.ts'
import { serverReady } from './server-ready.ts'

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    db: { type: 'string', default: 'both' },
    json: { type: 'boolean', default: false },
    adapter: { type: 'string' },
    instructions: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '2' },
    // Comma-separated subset of: user (bare, baseline, cookie, bearer), refresh, login, storm, memory.
    only: { type: 'string', default: 'user,refresh,login,storm,memory' },
    // Extra node flags for the server process (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
    'server-flags': { type: 'string', default: '' },
  },
})
/** `--adapter all`: each framework, and Hono's guarded route both as middleware and as one handler. */
const ALL_ADAPTERS = ['fastify', 'express', 'hono', 'hono-handler', 'web']
const durationS = Number(values.duration)
const connections = Number(values.connections)
const rounds = Math.max(1, Number(values.rounds))
const only = new Set(values.only.split(','))
const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as string]
const log = (line: string) => {
  if (!values.json) console.error(line)
}

try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' })
} catch (error) {
  if ((error as { code?: string }).code === 'ENOENT') {
    console.error('wrk is not installed. Install it with: sudo apt-get install wrk')
    process.exit(2)
  }
}

if (values.adapter !== undefined && (values.instructions || values.profile)) {
  const { benchAdapterInstructions } = await import('./adapter-bench.ts')
  const { hasValgrind } = await import('./instruction-count.ts')
  if (!hasValgrind()) {
    console.error('valgrind is not installed. Install it with: sudo apt-get install valgrind')
    process.exit(2)
  }
  if (values.profile) {
    const { profileAdapter } = await import('./instruction-profile.ts')
    for (const adapter of values.adapter.split(',')) {
      const { totals, rows } = await profileAdapter({ adapter, log, top: 40 })
      console.log(`${adapter}: instructions a request, ${JSON.stringify(totals)}`)
      console.log('   floor   route  route-floor  function (own instructions, inlined callees included)')
      for (const row of rows)
        console.log(
          `${row.floor.toFixed(0).padStart(8)}${row.route.toFixed(0).padStart(8)}${(row.route - row.floor).toFixed(0).padStart(13)}  ${row.name.slice(0, 110)}`,
        )
    }
    process.exit(0)
  }
  const adapters = values.adapter === 'all' ? ALL_ADAPTERS : values.adapter.split(',')
  const results = []
  for (const adapter of adapters) results.push(...(await benchAdapterInstructions({ adapter, log })))
  if (values.json) console.log(JSON.stringify({ scenarios: results, date: new Date().toISOString() }))
  else {
    console.log('adapter   scenario     instructions/req  ratio to baseline')
    for (const r of results) {
      console.log(
        `${r.adapter.padEnd(10)}${r.name.padEnd(13)}${String(r.instructions_per_request).padEnd(18)}${r.ratio_to_baseline}${r.name.startsWith('user') ? ` (>= 0.85: ${r.ratio_to_baseline >= 0.85 ? 'met' : 'missed'})` : ''}`,
      )
      // After each adapter's last row: the framework's own share, which no guard can avoid.
      if (r.name === 'user-bearer')
        console.log(`${r.adapter.padEnd(10)}best any guard of this shape could reach: ${r.framework_bound}`)
    }
  }
  process.exit(0)
}

if (values.adapter !== undefined) {
  const { benchAdapter } = await import('./adapter-bench.ts')
  const adapters = values.adapter === 'all' ? ALL_ADAPTERS : values.adapter.split(',')
  const results = []
  for (const adapter of adapters)
    results.push(...(await benchAdapter({ adapter, durationS, connections, rounds, log })))
  if (values.json) console.log(JSON.stringify({ scenarios: results, date: new Date().toISOString() }))
  else {
    console.log(
      'adapter   scenario     req/s     p50 ms   p99 ms   errors  ratio  paired  CPU µs/req  CPU ratio  CPU ÷ read  CPU ÷ floor',
    )
    for (const r of results)
      console.log(
        `${r.adapter.padEnd(10)}${r.name.padEnd(13)}${String(Math.round(r.rps)).padEnd(10)}${r.p50_ms.toFixed(2).padEnd(9)}${r.p99_ms.toFixed(2).padEnd(9)}${String(r.errors).padEnd(8)}${String(r.ratio_to_baseline).padEnd(7)}${String(r.paired_ratio_to_baseline).padEnd(8)}${String(r.server_cpu_us_per_request).padEnd(12)}${String(r.cpu_ratio_to_baseline).padEnd(11)}${String(r.cpu_ratio_to_read).padEnd(12)}${r.cpu_ratio_to_floor}`,
      )
  }
  process.exit(results.some((r) => r.errors > 0) ? 1 : 0)
}

const PASSWORD = BENCH_USER.password
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

interface Scenario extends Partial<LoadResult> {
  name: string
  db: string
  rps?: number
  ratio_to_baseline?: number | null
  target?: string
  target_met?: boolean
  /** The authenticated GET's paired req/s ratio to the baseline is at least 0.85. */
  baseline_target_met?: boolean
  notes?: string
  [key: string]: unknown
}

async function startServer(
  databaseUrl: string,
): Promise<{ child: ChildProcess; url: string; bareUrl: string }> {
  const flags = values['server-flags'].split(' ').filter((flag) => flag !== '')
  const child = spawn(
    process.execPath,
    ['--expose-gc', ...flags, join(import.meta.dirname, 'bench-server.ts')],
    {
      env: {
        PATH: process.env.PATH ?? '',
        BENCH_DATABASE_URL: databaseUrl,
        NODE_ENV: 'production',
        ...SERVER_ALLOCATOR_ENV,
        ...(process.env.BENCH_AUDIT !== undefined && { BENCH_AUDIT: process.env.BENCH_AUDIT }),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const [url, bareUrl] = await serverReady(child, 'bench server')
  if (url === undefined || bareUrl === undefined) throw new Error('the bench server printed no bare url')
  return { child, url, bareUrl }
}

const round3 = (n: number) => Math.round(n * 1000) / 1000

const cpuPerRequest = (x: LoadResult) => (x.server_cpu_s * 1e6) / Math.max(1, x.requests)

/**
 * The rounds of one scenario as one result: req/s and CPU per request are the medians over the rounds (the mean of
 * the middle two for an even count); latencies and bytes come from the round with the lower-middle req/s.
 */
function medianRun(list: LoadResult[]): LoadResult & { cpu_us: number } {
  const sorted = [...list].sort((a, b) => a.rps - b.rps)
  const middle = sorted[Math.floor((sorted.length - 1) / 2)] as LoadResult
  return {
    ...middle,
    rps: median(list.map((r) => r.rps)),
    errors: list.reduce((sum, r) => sum + r.errors, 0),
    cpu_us: median(list.map(cpuPerRequest)),
  }
}

/** The server's CPU per request, and bare's CPU per request over it: the share of bare's throughput kept. */
function cpuFigures(r: LoadResult & { cpu_us?: number }, bare: { cpu_us: number }) {
  const perRequest = r.cpu_us ?? cpuPerRequest(r)
  return {
    server_cpu_us_per_request: Math.round(perRequest * 10) / 10,
    cpu_ratio_to_bare: round3(bare.cpu_us / perRequest),
  }
}

/**
 * Raw argon2id alone, in this process, with the server's parameters (OWASP: m=19456 KiB, t=2, p=1) and as many at
 * once as the server lets run (one fewer than the CPUs, at least one): verifications per second, the ceiling a login
 * scenario is compared to. Run while the server idles, in the same run as the login scenario.
 */
async function rawArgon2Rate(seconds: number): Promise<{ rps: number; concurrency: number }> {
  const { hash, verify } = await import('@node-rs/argon2')
  const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 }
  const stored = await hash(PASSWORD, options)
  const concurrency = Math.max(1, availableParallelism() - 1)
  const deadline = performance.now() + seconds * 1000
  let done = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await verify(stored, PASSWORD)
        done++
      }
    }),
  )
  return { rps: done / ((performance.now() - started) / 1000), concurrency }
}

function refreshLoad(url: string, tokens: string[], serverPid: number): Promise<LoadResult> {
  return runRefreshLoad({ url, connections, durationS, tokens, serverCpu: () => cpuSeconds(serverPid) })
}

async function post(url: string, path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${url}${path}`, { method: 'POST' })).json()) as Record<string, unknown>
}

function loginScript(): string {
  const file = join(tmpdir(), `latchkey-login-${process.pid}.lua`)
  writeFileSync(
    file,
    `wrk.method = "POST"\nwrk.body = '{"username":"bench","password":"${PASSWORD}"}'\nwrk.headers["Content-Type"] = "application/json"\n`,
  )
  return file
}

async function benchDatabase(db: string): Promise<Scenario[]> {
  let schema: string | undefined
  let databaseUrl = 'sqlite::memory:'
  if (db === 'sqlite')
    databaseUrl = `sqlite:${join(tmpdir(), `latchkey-bench-${randomBytes(4).toString('hex')}.sqlite`)}`
  if (db === 'postgres') {
    schema = `lk_bench_${randomBytes(4).toString('hex')}`
    databaseUrl = `${POSTGRES_URL}?schema=${schema}`
  }
  const { child, url, bareUrl } = await startServer(databaseUrl)
  const pid = child.pid ?? 0
  const scenarios: Scenario[] = []
  try {
    const session = await benchLogin(url)
    const wrk = (
      path: string,
      headers: Record<string, string> = {},
      c = connections,
      script?: string,
      base = url,
    ) =>
      runWrk({
        url: `${base}${path}`,
        connections: c,
        durationS,
        headers,
        serverPid: pid,
        ...(script && { script }),
      })

    // Warm up first (JIT, pools, caches), so the scenario measured first is not also the one measured cold.
    log(`[${db}] warm-up`)
    await runWrk({ url: `${url}/bench/baseline`, connections, durationS: 3, serverPid: pid })
    await runWrk({
      url: `${url}/accounts/user/`,
      connections,
      durationS: 3,
      headers: { cookie: `access_token=${session.access}` },
      serverPid: pid,
    })
    // The cheap scenarios alternate (bare, baseline, cookie, bearer, bare, …) over the rounds, and each reports the
    // median of its rounds: on a small shared machine a single run can land on a noisy second, and alternating keeps
    // the comparison side by side. CPU per request (the server's CPU time over the requests it answered) moves far
    // less with other load than req/s does; both ratios are reported.
    const runs: Record<'bare' | 'bareHeaders' | 'baseline' | 'cookie' | 'bearer', LoadResult[]> = {
      bare: [],
      bareHeaders: [],
      baseline: [],
      cookie: [],
      bearer: [],
    }
    const cookieHeader = { cookie: `access_token=${session.access}` }
    for (let round = 1; round <= rounds; round++) {
      log(`[${db}] bare, bare-headers, baseline, user-cookie, user-bearer: round ${round} of ${rounds}`)
      // The same request bytes as user-cookie (its Cookie header included), so the ratios isolate Latchkey's work.
      runs.bare.push(await wrk('/bench/bare', cookieHeader, connections, undefined, bareUrl))
      runs.bareHeaders.push(await wrk('/bench/bare-headers', cookieHeader, connections, undefined, bareUrl))
      runs.baseline.push(await wrk('/bench/baseline', cookieHeader))
      runs.cookie.push(await wrk('/accounts/user/', cookieHeader))
      runs.bearer.push(await wrk('/accounts/user/', { authorization: `Bearer ${session.access}` }))
    }
    const bare = medianRun(runs.bare)
    const baseline = medianRun(runs.baseline)
    const ratio = (r: LoadResult) => round3(r.rps / baseline.rps)
    const withRatios = ({ cpu_us, ...r }: LoadResult & { cpu_us: number }) => ({
      ...r,
      ...cpuFigures({ ...r, cpu_us }, bare),
      ratio_to_baseline: ratio(r),
      ratio_to_bare: round3(r.rps / bare.rps),
    })
    scenarios.push({ name: 'bare', db, ...withRatios(bare) })
    scenarios.push({
      name: 'bare-headers',
      db,
      ...withRatios(medianRun(runs.bareHeaders)),
      notes: 'bare, answering every header GET /accounts/user/ sends: what the headers alone cost',
    })
    scenarios.push({ name: 'baseline', db, ...withRatios(baseline) })
    for (const [name, list] of [
      ['user-cookie', runs.cookie],
      ['user-bearer', runs.bearer],
    ] as const) {
      const result = medianRun(list)
      const cpuRatio = cpuFigures(result, bare).cpu_ratio_to_bare
      // The same ratios taken round by round, between runs a few seconds apart, then their median: the machine's
      // drift over the minutes of a run moves both sides of each pair alike.
      const paired = {
        paired_ratio_to_baseline: round3(
          median(list.map((run, i) => run.rps / (runs.baseline[i] as LoadResult).rps)),
        ),
        paired_cpu_ratio_to_bare: round3(
          median(list.map((run, i) => cpuPerRequest(runs.bare[i] as LoadResult) / cpuPerRequest(run))),
        ),
      }
      scenarios.push({
        name,
        db,
        ...withRatios(result),
        ...paired,
        target: '>= 0.85 of bare (CPU per request)',
        target_met: cpuRatio >= 0.85,
        // Issue 11's bar, the authenticated path against the baseline, judged on the paired ratio.
        baseline_target_met: paired.paired_ratio_to_baseline >= 0.85,
        notes: `round by round (median of the rounds' ratios): ${paired.paired_ratio_to_baseline} of baseline (>= 0.85: ${paired.paired_ratio_to_baseline >= 0.85 ? 'met' : 'MISSED'}), CPU ${paired.paired_cpu_ratio_to_bare} of bare`,
      })
    }

    if (only.has('refresh')) {
      // Each round: the real refresh, then its floor (the bare app replaying the same answer, cookies and all, to
      // the same client). Every real round starts from fresh sessions, so every request is a valid rotation.
      const real: LoadResult[] = []
      const floor: LoadResult[] = []
      for (let round = 1; round <= rounds; round++) {
        log(
          `[${db}] refresh (rotation on, one session per connection), then its floor: round ${round} of ${rounds}`,
        )
        const tokens: string[] = []
        for (let i = 0; i < connections; i++) tokens.push((await benchLogin(url)).refresh)
        real.push(await refreshLoad(url, tokens, pid))
        floor.push(await refreshLoad(bareUrl, tokens, pid))
      }
      const refresh = medianRun(real)
      const refreshFloor = medianRun(floor)
      const figures = cpuFigures(refresh, bare)
      scenarios.push({
        name: 'refresh',
        db,
        ...refresh,
        ...figures,
        ratio_to_baseline: ratio(refresh),
        refresh_own_cpu_us: Math.round((refresh.cpu_us - refreshFloor.cpu_us) * 10) / 10,
        ...(db === 'sqlite' && {
          target: '<= 100 µs CPU per refresh',
          target_met: figures.server_cpu_us_per_request <= 100,
        }),
        notes: `${Math.round(refresh.cpu_us - refreshFloor.cpu_us)} µs of CPU over its floor: the refresh's own work`,
      })
      scenarios.push({
        name: 'refresh-floor',
        db,
        ...refreshFloor,
        ...cpuFigures(refreshFloor, bare),
        ratio_to_baseline: ratio(refreshFloor),
        notes:
          'bare Fastify answering the same refresh answer (headers, two Set-Cookie lines, body) from memory',
      })
    }

    const script = loginScript()
    if (only.has('login')) {
      log(`[${db}] login`)
      const loginRun = await wrk('/accounts/auth/login/', {}, Math.min(connections, 16), script)
      log(`[${db}] raw argon2id (the login ceiling)`)
      const raw = await rawArgon2Rate(durationS)
      const loginShare = round3(loginRun.rps / raw.rps)
      scenarios.push({
        name: 'argon2id-raw',
        db,
        rps: raw.rps,
        errors: 0,
        notes: `verify alone in the bench process, ${raw.concurrency} at once (the server's hashing concurrency)`,
      })
      scenarios.push({
        name: 'login',
        db,
        ...loginRun,
        ...cpuFigures(loginRun, bare),
        ratio_to_baseline: ratio(loginRun),
        login_share_of_raw_argon2id: loginShare,
        target: '>= 0.9 of raw argon2id',
        target_met: loginShare >= 0.9,
        notes: `argon2id m=19456 KiB, t=2, p=1 (OWASP); ${loginShare} of raw argon2id verifications/s`,
      })
    }

    if (only.has('storm')) {
      log(`[${db}] user-during-login-storm`)
      const storm = runWrk({
        url: `${url}/accounts/auth/login/`,
        connections: 16,
        durationS: durationS + 2,
        script,
        serverPid: pid,
      })
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const during = await wrk('/accounts/user/', { cookie: `access_token=${session.access}` }, 10)
      const stormResult = await storm
      scenarios.push({
        name: 'user-during-login-storm',
        db,
        ...during,
        ...cpuFigures(during, bare),
        ratio_to_baseline: ratio(during),
        target: 'p99 < 20 ms',
        target_met: during.p99_ms < 20,
        notes: `concurrent login storm: ${Math.round(stormResult.rps)} logins/s, ${stormResult.errors} errors`,
        errors: during.errors + stormResult.errors,
      })
    }

    if (only.has('memory')) {
      log(`[${db}] memory`)
      const idle = (await (await fetch(`${url}/bench/memory`)).json()) as Record<string, number>
      const seeded = await post(url, '/bench/sessions?n=100000')
      const revoked = await post(url, '/bench/revoke-all')
      const flushed = await post(url, '/bench/flush')
      scenarios.push({
        name: 'memory',
        db,
        rps: 0,
        p50_ms: 0,
        p99_ms: 0,
        errors: 0,
        ratio_to_baseline: null,
        rss_idle_mb: idle.rss_mb,
        heap_idle_mb: idle.heap_mb,
        rss_100k_live_sessions_mb: seeded.rss_mb,
        heap_100k_live_sessions_mb: seeded.heap_mb,
        rss_100k_revoked_mb: revoked.rss_mb,
        heap_100k_revoked_mb: revoked.heap_mb,
        revoked_set_entries: revoked.revoked_set,
        rss_after_flush_mb: flushed.rss_mb,
        heap_after_flush_mb: flushed.heap_mb,
        flushed: flushed.removed,
      })
    }
  } finally {
    child.kill('SIGTERM')
    if (schema !== undefined) {
      const client = new pg.Client({ connectionString: POSTGRES_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
  }
  return scenarios
}

const scenarios: Scenario[] = []
for (const db of dbs) scenarios.push(...(await benchDatabase(db)))
if (only.has('memory')) {
  log('[sqlite] memory growth under 5 % logins (60 s)')
  const growth = await measureMemoryGrowth(SERVER_ALLOCATOR_ENV, 60)
  scenarios.push({
    name: 'memory_growth',
    db: 'sqlite',
    errors: 0,
    ratio_to_baseline: null,
    requests: growth.requests,
    rss_start_mb: Math.round(growth.rssStartMiB),
    rss_end_mb: Math.round(growth.rssEndMiB),
    rss_growth_mb_per_min: Number(growth.growthMiBPerMinute.toFixed(2)),
  })
}
const machine = {
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model ?? '',
  memory_gb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
}
const report = { scenarios, machine, date: new Date().toISOString(), duration_s: durationS, connections }

if (values.json) console.log(JSON.stringify(report))
else {
  const pad = (v: unknown, n: number) => String(v).padEnd(n)
  console.log(
    `${pad('scenario', 25)}${pad('db', 10)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('errors', 8)}${pad('ratio', 7)}${pad('÷ bare', 8)}${pad('CPU µs', 8)}${pad('CPU ÷ bare', 11)}${pad('bytes', 7)}${pad('loadgen', 9)}target`,
  )
  for (const s of scenarios) {
    if (s.name === 'memory') {
      console.log(
        `${pad('memory', 25)}${pad(s.db, 10)}RSS / heap MB: idle ${s.rss_idle_mb} / ${s.heap_idle_mb}; 100k live sessions ${s.rss_100k_live_sessions_mb} / ${s.heap_100k_live_sessions_mb}; 100k revoked ${s.rss_100k_revoked_mb} / ${s.heap_100k_revoked_mb} (${s.revoked_set_entries} in the revoked set); after flush ${s.rss_after_flush_mb} / ${s.heap_after_flush_mb}`,
      )
      continue
    }
    if (s.name === 'memory_growth') {
      console.log(
        `${pad('memory_growth', 25)}${pad(s.db, 10)}RSS ${s.rss_start_mb} → ${s.rss_end_mb} MB over 60 s of 5 % logins: ${s.rss_growth_mb_per_min} MB/min`,
      )
      continue
    }
    const share =
      s.loadgen_cpu_s !== undefined && s.server_cpu_s
        ? `${Math.round((100 * s.loadgen_cpu_s) / (s.loadgen_cpu_s + s.server_cpu_s))} %`
        : '-'
    const target = s.target ? `${s.target}: ${s.target_met ? 'met' : 'MISSED'}` : ''
    console.log(
      `${pad(s.name, 25)}${pad(s.db, 10)}${pad(Math.round(s.rps ?? 0), 10)}${pad(s.p50_ms?.toFixed(2) ?? '-', 9)}${pad(s.p99_ms?.toFixed(2) ?? '-', 9)}${pad(s.errors, 8)}${pad(s.ratio_to_baseline ?? '-', 7)}${pad(s.ratio_to_bare ?? '-', 8)}${pad(s.server_cpu_us_per_request ?? '-', 8)}${pad(s.cpu_ratio_to_bare ?? '-', 11)}${pad(s.bytes_per_response || '-', 7)}${pad(share, 9)}${target}`,
    )
    if (s.notes) console.log(`${' '.repeat(35)}${s.notes}`)
  }
}
if (scenarios.some((s) => (s.errors ?? 0) > 0)) {
  console.error('errors or non-2xx answers were seen: the run fails')
  process.exit(1)
}
