import { AuthError } from './errors.ts'

/**
 * Connection-level failures of PostgreSQL, SQLite or the network: the dependency is down, not the request wrong.
 * Codes are the drivers' own (Node's socket errors, PostgreSQL SQLSTATE classes 08 and 57P, SQLite result codes),
 * matched as strings so the core imports no driver.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  '53300',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'ERR_SQLITE_ERROR',
])

/** Whether `error` (or one of its causes) says a storage dependency is unreachable, so the client may retry. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof AuthError) return false
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
    if (
      /Connection terminated|connection timeout|Client has encountered a connection error|database is locked/i.test(
        e.message,
      )
    )
      return true
  }
  if (error instanceof AggregateError) return error.errors.some(isUnavailable)
  return false
}
