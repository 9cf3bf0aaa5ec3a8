/**
 * The memory scenario under a login mix: a server process (real argon2id parameters, 19 MiB per hash) serves
 * authenticated reads with 5 % logins for `seconds` (60 by default); its RSS is sampled every second after a 10 s
 * warm-up, and the growth per minute reported (the least-squares slope). `npm run bench` runs it with the allocator setting `npm start`
 * uses (`MALLOC_MMAP_THRESHOLD_=131072`); run alone, it compares that with glibc's default, side by side:
 *
 *   node bench/memory-growth.ts            # LATCHKEY_BENCH_SECONDS=300 for a longer run
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPasswordHasher } from '../src/core/passwords/password-hasher.ts'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'

const ROOT = join(import.meta.dirname, '..')
const WARMUP_S = 10

/** The allocator setting `npm start` uses: argon2's buffers are mapped and returned, not kept in glibc's heap. */
export const SERVER_ALLOCATOR_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' }

export interface MemoryGrowth {
  readonly requests: number
  readonly rssStartMiB: number
  readonly rssEndMiB: number
  readonly growthMiBPerMinute: number
}
const PASSWORD = 'memory bench password 1'

function rssMiB(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'src/server/main.ts')], {
    // The start-up line that names the address is logged at info; what follows is read and dropped.
    env: { PATH: process.env.PATH ?? '', LATCHKEY_PORT: '0', LATCHKEY_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const onData = (chunk: unknown) => {
      out += String(chunk)
      const match = /serving on (http:\/\/\S+)/.exec(out)
      if (match === null) return
      child.stdout?.off('data', onData)
      child.stdout?.resume()
      resolve(match[1] as string)
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before serving:\n${out}`)))
  })
  return { child, url }
}

/** Runs the login mix against a fresh server for `seconds` after the warm-up and measures its RSS growth. */
export async function measureMemoryGrowth(
  allocatorEnv: Record<string, string>,
  seconds = 60,
): Promise<MemoryGrowth> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-mem-'))
  const stores = createSqliteStores(join(dir, 'db.sqlite'))
  await stores.migrate()
  const hash = await createPasswordHasher({
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
    concurrency: 1,
  }).hash(PASSWORD)
  await stores.users.create({ username: 'bench', passwordHash: hash }, Date.now())
  await stores.close()
  const { child, url } = await start({
    ...allocatorEnv,
    LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
    LATCHKEY_SECRET_KEY: 'memory-bench-secret-key-0123456789-abcdefgh',
    LATCHKEY_LOGIN_LIMIT_USER_IP: '1000000/1m',
    LATCHKEY_LOGIN_LIMIT_USER: '1000000/1m',
    LATCHKEY_LOGIN_LIMIT_IP: '1000000/1m',
  })
  const login = async () => {
    const response = await fetch(`${url}/accounts/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password: PASSWORD }),
    })
    await response.arrayBuffer()
    return (
      response.headers
        .getSetCookie()
        .find((c) => c.startsWith('access_token='))
        ?.split(';')[0] ?? ''
    )
  }
  const access = await login()
  const started = Date.now()
  let requests = 0
  // RSS sampled every second after the warm-up; the growth is the least-squares slope over all samples, so a hash
  // in progress at one instant (19 MiB) does not decide the result.
  const samples: Array<{ at: number; rss: number }> = []
  const sampler = setInterval(() => {
    if (Date.now() - started >= WARMUP_S * 1000) samples.push({ at: Date.now(), rss: rssMiB(child) })
  }, 1000)
  const worker = async () => {
    while (Date.now() - started < (WARMUP_S + seconds) * 1000) {
      requests++
      if (requests % 20 === 0) await login()
      else await (await fetch(`${url}/accounts/user/`, { headers: { cookie: access } })).arrayBuffer()
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker))
  clearInterval(sampler)
  child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
  return {
    requests,
    rssStartMiB: samples[0]?.rss ?? 0,
    rssEndMiB: samples.at(-1)?.rss ?? 0,
    growthMiBPerMinute: slope(samples) * 60_000,
  }
}

/** Least-squares slope of RSS over time, MiB per millisecond. */
function slope(samples: ReadonlyArray<{ at: number; rss: number }>): number {
  const n = samples.length
  if (n < 2) return 0
  const meanT = samples.reduce((sum, s) => sum + s.at, 0) / n
  const meanR = samples.reduce((sum, s) => sum + s.rss, 0) / n
  let num = 0
  let den = 0
  for (const s of samples) {
    num += (s.at - meanT) * (s.rss - meanR)
    den += (s.at - meanT) ** 2
  }
  return den === 0 ? 0 : num / den
}

if (import.meta.main) {
  const seconds = Number(process.env.LATCHKEY_BENCH_SECONDS ?? 60)
  for (const [label, env] of [
    ['MALLOC_MMAP_THRESHOLD_=131072 (npm start)', SERVER_ALLOCATOR_ENV],
    ['glibc default', {}],
  ] as const) {
    const m = await measureMemoryGrowth(env, seconds)
    console.log(
      `${label.padEnd(42)} ${m.requests} requests (5 % logins), RSS ${m.rssStartMiB.toFixed(1)} → ${m.rssEndMiB.toFixed(1)} MiB: ${m.growthMiBPerMinute.toFixed(2)} MiB/min`,
    )
  }
}
