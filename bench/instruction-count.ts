/**
 * Instructions per request, counted by valgrind's callgrind: a measure of a server's work that the machine's noise
 * does not move (the same count for the same code and inputs, whatever else runs), beside the wall-clock figures.
 * The server runs under callgrind with counting off; a sequential keep-alive client warms every path up, then counts
 * each one alone — counters zeroed, N requests, counters dumped — in the server's main thread (where the JavaScript
 * runs, the garbage collector's share included). Kernel work (the network stack) is not counted: it is the same for
 * every path here, which sends the same bytes.
 *
 * Not exact either: the collector works in lumps (a young-generation collection every few megabytes allocated, now
 * and then a full one), so the paths alternate over several rounds and each reports its median round. Counted once
 * each over 10,000 requests, the same build gave one route 70,300 and 89,000 in two runs. Forcing a full
 * collection before each count made it worse (the lazy sweeping and recompilation after it landed in the count).
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { Agent, request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median } from './load-tools.ts'
import { serverReady } from './server-ready.ts'

export interface CountedPath {
  readonly name: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
}

export interface InstructionInput {
  /** The server's script and environment; it prints `BENCH_READY <url>` once it listens. */
  readonly script: string
  readonly env: Readonly<Record<string, string>>
  /** Called with the server's URL: the paths to count (a login may come first). */
  readonly paths: (url: string) => Promise<readonly CountedPath[]>
  readonly warmup: number
  /** Requests a path is counted over, in each round; the paths alternate, round after round. */
  readonly measured: number
  readonly rounds: number
  readonly log: (line: string) => void
}

/** Whether valgrind is installed (Debian's `valgrind`). */
export function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A server running under callgrind, counting off until `count` turns it on. */
export interface CallgrindServer {
  readonly url: string
  readonly pid: number
  /** `n` sequential requests to `target`, counted; the path of the main thread's dump, named `name`. */
  count(target: CountedPath, n: number): Promise<string>
  /** `n` sequential requests to `target`, not counted; the last status. */
  send(target: CountedPath, n: number): Promise<number>
  /** Kills the server and removes its dumps. */
  close(): void
}

/** Starts `script` under callgrind with `nodeFlags`; resolves once it prints `BENCH_READY <url>`. */
export async function startUnderCallgrind(
  script: string,
  env: Readonly<Record<string, string>>,
  nodeFlags: readonly string[] = [],
): Promise<CallgrindServer> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-callgrind-'))
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      // V8 rewrites its own machine code; without this, callgrind may run stale translations.
      '--smc-check=all',
      '--separate-threads=yes',
      `--callgrind-out-file=${join(dir, 'cg.%p')}`,
      process.execPath,
      ...nodeFlags,
      script,
    ],
    { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'ignore'] },
  )
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const close = () => {
    agent.destroy()
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const [url = ''] = await serverReady(child, 'the server under callgrind')
    const pid = String(child.pid)
    const send = (target: CountedPath, n: number) => sequential(url, target, n, agent)
    let dumps = 0
    return {
      url,
      pid: child.pid ?? 0,
      send,
      async count(target, n) {
        execFileSync('callgrind_control', ['-z', pid], { stdio: 'ignore' })
        execFileSync('callgrind_control', ['-i', 'on', pid], { stdio: 'ignore' })
        await send(target, n)
        execFileSync('callgrind_control', ['-i', 'off', pid], { stdio: 'ignore' })
        execFileSync('callgrind_control', ['-d', target.name, pid], { stdio: 'ignore' })
        dumps++
        // Dump k of the main thread (thread 1): `cg.<pid>.<k>-01`.
        const file = readdirSync(dir).find((name) => name === `cg.${pid}.${dumps}-01`)
        if (file === undefined) throw new Error(`callgrind wrote no dump ${dumps} for the main thread`)
        return join(dir, file)
      },
      close,
    }
  } catch (error) {
    close()
    throw error
  }
}

/** `n` GET requests, one after another on one keep-alive connection; the last status. */
async function sequential(url: string, target: CountedPath, n: number, agent: Agent): Promise<number> {
  const { hostname, port } = new URL(url)
  let status = 0
  for (let i = 0; i < n; i++)
    status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { hostname, port, path: target.path, agent, headers: target.headers },
        (res) => {
          res.resume()
          res.once('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.once('error', reject)
      req.end()
    })
  return status
}

/** The `totals:` of one callgrind dump file. */
function totalOf(file: string): number {
  const match = /^totals:\s+(\d+)/m.exec(readFileSync(file, 'utf8'))
  if (match === null) throw new Error(`no totals in ${file}`)
  return Number(match[1])
}

/** Instructions per request of each path, by name. */
export async function countInstructions(input: InstructionInput): Promise<Record<string, number>> {
  const server = await startUnderCallgrind(input.script, input.env)
  try {
    const paths = await input.paths(server.url)
    input.log(`warm-up: ${input.warmup} requests a path`)
    for (const path of paths) {
      const status = await server.send(path, input.warmup)
      if (status !== 200) throw new Error(`${path.name} answered ${status}`)
    }
    const rounds: Record<string, number[]> = {}
    for (let round = 1; round <= input.rounds; round++) {
      input.log(`counting each path over ${input.measured} requests: round ${round} of ${input.rounds}`)
      for (const path of paths) {
        rounds[path.name] ??= []
        rounds[path.name]?.push(totalOf(await server.count(path, input.measured)) / input.measured)
      }
    }
    // The median round: a collection that falls in one round moves that round alone.
    return Object.fromEntries(
      Object.entries(rounds).map(([name, counts]) => [name, Math.round(median(counts))]),
    )
  } finally {
    server.close()
  }
}
