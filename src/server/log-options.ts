import { hostname } from 'node:os'

/** Fastify's two lines per request; every other line is the application's. */
const REQUEST_LINES: ReadonlySet<string> = new Set(['incoming request', 'request completed'])

interface PinoLike {
  debug(...args: unknown[]): void
}

/**
 * The server's logger options (pino, through Fastify): one JSON stream. In production Fastify's two per-request
 * lines go out at `debug`, so at the default `info` the stream holds what an operator acts on — security events
 * (each under its own `event` field), warnings and start-up/shutdown — and not a line per request.
 */
export function serverLogOptions(level: string, production: boolean): object {
  if (!production) return { level }
  return {
    level,
    hooks: {
      logMethod(this: PinoLike, args: unknown[], method: (...a: unknown[]) => void, levelValue: number) {
        // pino's level 30 is info; a request line demoted to debug goes through this hook once more, at 20.
        const message = args.find((a) => typeof a === 'string')
        if (levelValue === 30 && typeof message === 'string' && REQUEST_LINES.has(message))
          return this.debug(...args)
        return method.apply(this, args)
      },
    },
  }
}

const LEVELS: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
}

export interface StartLog {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

/**
 * Lines written before the server (and its pino logger) exists, such as waiting for the database, in pino's own
 * shape (`level`, `time`, `pid`, `hostname`, `msg`), so the stream stays one JSON format from the first line. A
 * cluster's primary, which has no pino logger of its own, writes all its lines through it.
 */
export function startLog(
  level: string,
  write: (line: string) => void = (l) => process.stdout.write(l),
): StartLog {
  const threshold = LEVELS[level] ?? Number.POSITIVE_INFINITY
  const line = (value: number) => (fields: object, msg: string) => {
    if (value < threshold) return
    write(
      `${JSON.stringify({ level: value, time: Date.now(), pid: process.pid, hostname: hostname(), ...fields, msg })}\n`,
    )
  }
  return { info: line(30), warn: line(40), error: line(50) }
}
