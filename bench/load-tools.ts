import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LoadResult {
  readonly rps: number
  readonly p50_ms: number
  readonly p99_ms: number
  readonly errors: number
  readonly requests: number
  /** Bytes read per response (head and body), from wrk's total; absent for the refresh client. */
  readonly bytes_per_response?: number
  /** CPU seconds the load generator used, and the server, over the run. */
  readonly loadgen_cpu_s: number
  readonly server_cpu_s: number
}

const TICKS_PER_SECOND = 100

/** The median of a list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = (sorted.length - 1) / 2
  return ((sorted[Math.floor(mid)] as number) + (sorted[Math.ceil(mid)] as number)) / 2
}

const UNITS: Readonly<Record<string, number>> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }

/** user+system CPU seconds of a process so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return 0
  }
}

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim())
  if (!match) return Number.NaN
  const n = Number(match[1])
  return match[2] === 'us' ? n / 1000 : match[2] === 'ms' ? n : match[2] === 's' ? n * 1000 : n * 60_000
}

/** Parses `wrk --latency` output. */
export function parseWrk(output: string): Omit<LoadResult, 'loadgen_cpu_s' | 'server_cpu_s'> {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? 0)
  const p50 = toMs(/\s50%\s+(\S+)/.exec(output)?.[1] ?? '')
  const p99 = toMs(/\s99%\s+(\S+)/.exec(output)?.[1] ?? '')
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0)
  const read = /requests in [^,]+,\s+([\d.]+)([KMG]?B) read/.exec(output)
  const bytes = read ? Number(read[1]) * (UNITS[read[2] as string] ?? 1) : 0
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0
  return {
    rps,
    p50_ms: p50,
    p99_ms: p99,
    errors: non2xx + socketErrors,
    requests,
    bytes_per_response: requests > 0 ? Math.round(bytes / requests) : 0,
  }
}

export interface WrkRun {
  readonly url: string
  readonly connections: number
  readonly durationS: number
  readonly headers?: Readonly<Record<string, string>>
  readonly script?: string
  readonly serverPid: number
}

/**
 * Runs a load generator to its end: what it printed (stdout, and stderr when `stderr` is set), and its CPU seconds,
 * sampled every 200 ms while it runs, since /proc forgets a process once it has exited.
 */
function runLoadGenerator(
  child: ChildProcess,
  stderr: boolean,
): Promise<{ readonly output: string; readonly cpu: number }> {
  return new Promise((resolve, reject) => {
    let output = ''
    let cpu = 0
    const sample = setInterval(() => {
      if (child.pid) cpu = cpuSeconds(child.pid)
    }, 200)
    const collect = (chunk: unknown) => {
      output += String(chunk)
    }
    child.stdout?.on('data', collect)
    if (stderr) child.stderr?.on('data', collect)
    child.on('error', (error) => {
      clearInterval(sample)
      reject(error)
    })
    child.on('exit', () => {
      clearInterval(sample)
      resolve({ output, cpu })
    })
  })
}

/** Runs wrk (one thread: on two cores the other is the server's) and measures both processes' CPU. */
export async function runWrk(run: WrkRun): Promise<LoadResult> {
  const args = ['-t1', `-c${run.connections}`, `-d${run.durationS}s`, '--latency']
  for (const [name, value] of Object.entries(run.headers ?? {})) args.push('-H', `${name}: ${value}`)
  if (run.script) args.push('-s', run.script)
  args.push(run.url)
  const serverBefore = cpuSeconds(run.serverPid)
  const { output, cpu } = await runLoadGenerator(
    spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] }),
    true,
  )
  return { ...parseWrk(output), loadgen_cpu_s: cpu, server_cpu_s: cpuSeconds(run.serverPid) - serverBefore }
}

export interface RefreshRun {
  readonly url: string
  readonly connections: number
  readonly durationS: number
  /** One refresh token per connection, each the current token of its own session. */
  readonly tokens: readonly string[]
  /** The server's CPU seconds so far (one process, or the sum of a cluster's). */
  readonly serverCpu: () => number
}

/** Runs the refresh client (`refresh-load.ts`) in its own process and measures both sides' CPU. */
export async function runRefreshLoad(run: RefreshRun): Promise<LoadResult> {
  const serverBefore = run.serverCpu()
  const child = spawn(process.execPath, [join(import.meta.dirname, 'refresh-load.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const { url, connections, durationS, tokens } = run
  child.stdin?.end(JSON.stringify({ url, connections, durationS, tokens }))
  const { output, cpu } = await runLoadGenerator(child, false)
  return { ...JSON.parse(output), loadgen_cpu_s: cpu, server_cpu_s: run.serverCpu() - serverBefore }
}
