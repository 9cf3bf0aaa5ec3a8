/**
 * `npm run bench -- --adapter fastify|express|hono|web`: the app's own authenticated route through Latchkey
 * (`/bench/user`, access token in the cookie, then as Bearer) against the same framework's bare route returning the
 * same JSON (`/bench/baseline`), side by side, as ratios; and two floors between them: `/bench/read` (the bare route
 * after reading the credential headers through the framework's API) and `/bench/floor` (the bare route behind
 * middleware of the shape of Latchkey's, doing nothing), so that what the framework charges for a header read and
 * for a guard's middleware is told apart from what Latchkey adds.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { benchLogin } from './bench-login.ts'
import { countInstructions } from './instruction-count.ts'
import { type LoadResult, median, runWrk } from './load-tools.ts'
import { serverReady } from './server-ready.ts'

export interface AdapterBenchInput {
  readonly adapter: string
  readonly durationS: number
  readonly connections: number
  readonly rounds: number
  readonly log: (line: string) => void
}

export interface AdapterScenario extends LoadResult {
  readonly name: string
  readonly adapter: string
  readonly ratio_to_baseline: number
  /** The server's CPU time per request: unlike req/s, barely moved by other processes on a shared machine. */
  readonly server_cpu_us_per_request: number
  /** Baseline CPU per request over this scenario's: the share of throughput kept on a CPU-bound server. */
  readonly cpu_ratio_to_baseline: number
  /** The same against the floor (`read`). */
  readonly cpu_ratio_to_read: number
  /** The same against the guard-shaped floor (`floor`). */
  readonly cpu_ratio_to_floor: number
  /** The median over rounds of each round's req/s ratio to that round's baseline: issue 9's figure (>= 0.85). */
  readonly paired_ratio_to_baseline: number
}

async function startAdapterServer(adapter: string) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'adapter-server.ts')], {
    env: { PATH: process.env.PATH ?? '', BENCH_ADAPTER: adapter, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [url = ''] = await serverReady(child, 'adapter server')
  return { child, url }
}

export async function benchAdapter(input: AdapterBenchInput): Promise<AdapterScenario[]> {
  const { child, url } = await startAdapterServer(input.adapter)
  const pid = child.pid ?? 0
  try {
    const { access } = await benchLogin(url)
    const cookie = { cookie: `access_token=${access}` }
    const wrk = (path: string, headers: Record<string, string>, durationS = input.durationS) =>
      runWrk({ url: `${url}${path}`, connections: input.connections, durationS, headers, serverPid: pid })
    input.log(`[${input.adapter}] warm-up`)
    await wrk('/bench/baseline', cookie, 3)
    await wrk('/bench/user', cookie, 3)
    const runs: Record<'baseline' | 'read' | 'floor' | 'cookie' | 'bearer', LoadResult[]> = {
      baseline: [],
      read: [],
      floor: [],
      cookie: [],
      bearer: [],
    }
    for (let round = 1; round <= input.rounds; round++) {
      input.log(
        `[${input.adapter}] baseline, read, floor, user-cookie, user-bearer: round ${round} of ${input.rounds}`,
      )
      // The same request bytes (the Cookie header included), so the ratio isolates what Latchkey adds.
      runs.baseline.push(await wrk('/bench/baseline', cookie))
      runs.read.push(await wrk('/bench/read', cookie))
      runs.floor.push(await wrk('/bench/floor', cookie))
      runs.cookie.push(await wrk('/bench/user', cookie))
      runs.bearer.push(await wrk('/bench/user', { authorization: `Bearer ${access}` }))
    }
    const round3 = (n: number) => Math.round(n * 1000) / 1000
    const cpuPerRequest = (r: LoadResult) => (r.server_cpu_s * 1e6) / Math.max(1, r.requests)
    // Medians over the alternating rounds: req/s and CPU per request each; the rest from the median-req/s round.
    const summary = (list: LoadResult[]) => {
      const byRps = [...list].sort((a, b) => a.rps - b.rps)
      return {
        ...(byRps[Math.floor((byRps.length - 1) / 2)] as LoadResult),
        rps: median(list.map((r) => r.rps)),
        cpu: median(list.map(cpuPerRequest)),
      }
    }
    const baseline = summary(runs.baseline)
    const read = summary(runs.read)
    const floor = summary(runs.floor)
    return (['baseline', 'read', 'floor', 'cookie', 'bearer'] as const).map((name) => {
      const { cpu, ...result } = summary(runs[name])
      return {
        name: name === 'cookie' || name === 'bearer' ? `user-${name}` : name,
        adapter: input.adapter,
        ...result,
        ratio_to_baseline: round3(result.rps / baseline.rps),
        server_cpu_us_per_request: Math.round(cpu * 10) / 10,
        cpu_ratio_to_baseline: round3(baseline.cpu / cpu),
        cpu_ratio_to_read: round3(read.cpu / cpu),
        cpu_ratio_to_floor: round3(floor.cpu / cpu),
        // Round by round, then the median: the machine's drift over a run moves both sides of each pair alike.
        paired_ratio_to_baseline: round3(
          median(runs[name].map((run, i) => run.rps / (runs.baseline[i] as LoadResult).rps)),
        ),
      }
    })
  } finally {
    child.kill('SIGTERM')
  }
}

/** One adapter's scenarios in instructions per request (see instruction-count.ts), and each one's ratio. */
export interface AdapterInstructions {
  readonly adapter: string
  readonly name: string
  readonly instructions_per_request: number
  /** Baseline instructions over this scenario's: the share of throughput kept on a CPU-bound server. */
  readonly ratio_to_baseline: number
  /**
   * The best ratio any guard of Latchkey's shape could reach in this framework: the baseline over the baseline plus
   * what the framework alone charges, for the guard-shaped middleware (`floor`) and for reading the credential
   * headers (`read`). Whatever the guard itself checks comes on top.
   */
  readonly framework_bound: number
}

/**
 * `npm run bench -- --adapter <name> --instructions`: the same routes as `benchAdapter`, counted in instructions per
 * request under callgrind rather than timed, for a figure this machine's noise does not move.
 */
export async function benchAdapterInstructions(input: {
  readonly adapter: string
  readonly log: (line: string) => void
}): Promise<AdapterInstructions[]> {
  const counts = await countInstructions({
    script: join(import.meta.dirname, 'adapter-server.ts'),
    env: { BENCH_ADAPTER: input.adapter, NODE_ENV: 'production' },
    async paths(url) {
      const { access } = await benchLogin(url)
      const cookie = { cookie: `access_token=${access}` }
      return [
        { name: 'baseline', path: '/bench/baseline', headers: cookie },
        { name: 'read', path: '/bench/read', headers: cookie },
        { name: 'floor', path: '/bench/floor', headers: cookie },
        { name: 'user-cookie', path: '/bench/user', headers: cookie },
        { name: 'user-bearer', path: '/bench/user', headers: { authorization: `Bearer ${access}` } },
      ]
    },
    warmup: 5000,
    measured: 2500,
    rounds: 5,
    log: (line) => input.log(`[${input.adapter}] ${line}`),
  })
  const baseline = counts.baseline as number
  const framework =
    Math.max(0, (counts.floor as number) - baseline) + Math.max(0, (counts.read as number) - baseline)
  const ratio = (instructions: number) => Math.round((baseline / instructions) * 1000) / 1000
  return Object.entries(counts).map(([name, instructions]) => ({
    adapter: input.adapter,
    name,
    instructions_per_request: instructions,
    ratio_to_baseline: ratio(instructions),
    framework_bound: ratio(baseline + framework),
  }))
}
