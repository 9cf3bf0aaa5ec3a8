import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

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

/** Runs wrk (one thread: on two cores the other is the server's) and measures both processes' CPU. */
export function runWrk(run: WrkRun): Promise<LoadResult> {
  const args = ['-t1', `-c${run.connections}`, `-d${run.durationS}s`, '--latency']
  for (const [name, value] of Object.entries(run.headers ?? {})) args.push('-H', `${name}: ${value}`)
  if (run.script) args.push('-s', run.script)
  args.push(run.url)
  const serverBefore = cpuSeconds(run.serverPid)
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    let loadgen = 0
    const sample = setInterval(() => {
      if (child.pid) loadgen = cpuSeconds(child.pid)
    }, 200)
    child.stdout.on('data', (chunk) => {
      output += String(chunk)
    })
    child.stderr.on('data', (chunk) => {
      output += String(chunk)
    })
    child.on('error', reject)
    child.on('exit', () => {
      clearInterval(sample)
      resolve({
        ...parseWrk(output),
        loadgen_cpu_s: loadgen,
        server_cpu_s: cpuSeconds(run.serverPid) - serverBefore,
      })
    })
  })
}
