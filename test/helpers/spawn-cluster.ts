import { type ChildProcess, spawn } from 'node:child_process'
import { request } from 'node:http'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

/** One JSON log line of the primary or of a worker (pino's shape: `pid`, `msg`, and the line's own fields). */
export interface LogLine {
  readonly pid: number
  readonly msg: string
  readonly role?: string
  readonly event?: string
  readonly workerPid?: number
  readonly code?: number | null
  readonly req?: { readonly url?: string }
  readonly [field: string]: unknown
}

export interface Answer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: string
  /** The worker that answered, from its own log line of the request. */
  readonly pid: number
}

export interface SpawnedCluster {
  readonly url: string
  readonly child: ChildProcess
  readonly lines: () => readonly LogLine[]
  /** The workers alive now, as the primary's log tells: started and not reported dead. */
  readonly workerPids: () => number[]
  /** Resolves with the first log line (past or future) that `match` accepts; rejects after `timeoutMs`. */
  readonly waitForLine: (match: (line: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>
  /**
   * Sends one request on a connection of its own (so the primary hands it to the next worker in turn) and tells
   * which worker answered it: a unique `probe` query parameter finds the request in that worker's log.
   */
  readonly send: (
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ) => Promise<Answer>
  readonly exited: Promise<number | null>
}

let probes = 0

/**
 * Starts `latchkey serve --workers N` (the CLI, as an operator runs it) with request logging on, and waits until
 * the primary reports every worker listening. Workers are told apart by the pid pino writes on each log line: the
 * server carries no test-only code, and no response header tells a client which process it reached.
 */
export async function spawnCluster(workers: number, env: Record<string, string>): Promise<SpawnedCluster> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'src/cli/main.ts'), 'serve', '--workers', String(workers)],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LATCHKEY_PORT: '0', ...env, LATCHKEY_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const lines: LogLine[] = []
  const waiters = new Set<() => void>()
  let partial = ''
  let stderr = ''
  child.stdout?.on('data', (chunk) => {
    const text = partial + String(chunk)
    const complete = text.split('\n')
    partial = complete.pop() ?? ''
    for (const raw of complete) {
      try {
        lines.push(JSON.parse(raw) as LogLine)
      } catch {
        // Not a JSON line (a worker's plain output): not a log line.
      }
    }
    for (const wake of waiters) wake()
  })
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const waitForLine = (match: (line: LogLine) => boolean, timeoutMs = 10_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match)
        if (found === undefined) return
        clearTimeout(timer)
        waiters.delete(check)
        resolve(found)
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(
          new Error(
            `no such log line within ${timeoutMs} ms:\n${lines.map((l) => JSON.stringify(l)).join('\n')}\n${stderr}`,
          ),
        )
      }, timeoutMs)
      waiters.add(check)
      check()
    })

  // Generous: on a loaded machine N+1 processes compile and start side by side.
  const serving = await Promise.race([
    waitForLine((line) => line.role === 'primary' && line.event === 'server_started', 60_000),
    exited.then((code) => {
      throw new Error(`cluster exited with ${code}:\n${stderr}`)
    }),
  ]).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  const url = String(serving.address)

  const workerPids = () => {
    const alive = new Set<number>()
    for (const line of lines) {
      if (line.role !== 'primary' || line.workerPid === undefined) continue
      if (line.event === 'worker_listening') alive.add(line.workerPid)
      if (line.event === 'worker_died') alive.delete(line.workerPid)
    }
    return [...alive]
  }

  const send: SpawnedCluster['send'] = async (path, init = {}) => {
    const probe = `probe-${process.pid}-${++probes}`
    const target = new URL(path, url)
    target.searchParams.set('probe', probe)
    const answer = await new Promise<Omit<Answer, 'pid'>>((resolve, reject) => {
      const req = request(
        target,
        { method: init.method ?? 'GET', headers: { ...init.headers, connection: 'close' }, agent: false },
        (res) => {
          let body = ''
          res.on('data', (chunk) => {
            body += String(chunk)
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
        },
      )
      req.on('error', reject)
      req.end(init.body)
    })
    const logged = await waitForLine((line) => line.req?.url?.includes(probe) === true, 5000)
    return { ...answer, pid: logged.pid }
  }

  return { url, child, lines: () => lines, workerPids, waitForLine, send, exited }
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
