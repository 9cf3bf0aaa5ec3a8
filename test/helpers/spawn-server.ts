import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

export interface SpawnedServer {
  readonly url: string
  readonly child: ChildProcess
  readonly output: () => string
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * Starts `node src/server/main.ts` (what `npm start` runs), or another script of the repository that prints
 * "serving on <url>" (the example apps), as a separate process and waits for its URL.
 */
export async function spawnServer(
  env: Record<string, string>,
  cwd = ROOT,
  script: readonly string[] = ['src/server/main.ts'],
): Promise<SpawnedServer> {
  const [file = 'src/server/main.ts', ...args] = script
  const child = spawn(process.execPath, [join(ROOT, file), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LATCHKEY_PORT: '0', LATCHKEY_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  child.stderr?.on('data', (chunk) => {
    output += String(chunk)
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start:\n${output}`))
    }, 20_000)
    const onData = () => {
      const match = /serving on (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1] as string)
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  return {
    url,
    child,
    output: () => output,
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        // A process already ended by a signal has a signalCode and a null exitCode: it will not exit again.
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill(signal)
      })
    },
  }
}

/** Runs the CLI (`node src/cli/main.ts …`) to completion. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => {
      stdout += String(c)
    })
    child.stderr.on('data', (c) => {
      stderr += String(c)
    })
    child.stdin.end(input ?? '')
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}
