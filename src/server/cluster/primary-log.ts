import { hostname } from 'node:os'
import type { Logger } from '../../core/logger.ts'

/** pino's numeric levels, so the primary's lines sort and filter with the workers' (Fastify logs through pino). */
const LEVELS: Readonly<Record<string, number>> = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }

/**
 * The cluster primary's log: one JSON object per line on standard output, shaped as the workers' pino lines
 * (`level`, `time`, `pid`, `hostname`, `msg`) plus `role: "primary"`, so one log pipeline reads both. Lines below
 * `level` (`LATCHKEY_LOG_LEVEL`) are dropped.
 *
 * @example
 * const log = createPrimaryLog('info')
 * log.info({ event: 'worker_started', workerPid: 1234 }, 'worker started')
 */
export function createPrimaryLog(
  level: string,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = LEVELS[level] ?? LEVELS.info ?? 30
  const host = hostname()
  const line = (value: number) => (fields: object, msg: string) => {
    if (value < threshold) return
    write(
      `${JSON.stringify({ level: value, time: Date.now(), pid: process.pid, hostname: host, role: 'primary', ...fields, msg })}\n`,
    )
  }
  return { info: line(30), warn: line(40), error: line(50) }
}
