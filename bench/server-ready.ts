import type { ChildProcess } from 'node:child_process'

/**
 * The URLs a bench server prints once it listens (`BENCH_READY <url> [<url> …]`, on its standard output), or a
 * rejection naming `what` if it exits first.
 */
export function serverReady(child: ChildProcess, what: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk) => {
      out += String(chunk)
      const line = /BENCH_READY ([^\n]+)\n/.exec(out)
      if (line) resolve((line[1] as string).trim().split(' '))
    })
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)))
  })
}
