import { AuthError } from './errors.ts'

/**
 * Connection-level failures of PostgreSQL or the network: the dependency is down, slow or full, not the request
 * wrong. Codes are the drivers' own (Node's socket errors; PostgreSQL SQLSTATEs of class 08 connection exception,
 * 53 insufficient resources, 57P operator intervention, 57014 query_canceled — what `statement_timeout` raises —,
 * 55P03 lock_not_available and 25006 read_only_sql_transaction, see
 * https://www.postgresql.org/docs/current/errcodes-appendix.html), matched as strings so the core imports no driver.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOSPC',
  'EROFS',
  '57P01',
  '57P02',
  '57P03',
  '57014',
  '55P03',
  '25006',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53000',
  '53100',
  '53200',
  '53300',
  // better-sqlite3's string codes, should a host bring that driver.
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'SQLITE_READONLY',
])

/**
 * node:sqlite gives every error the code `ERR_SQLITE_ERROR` — constraint violations and SQL mistakes included — and
 * the SQLite result code in `errcode` (extended: the primary code is its low byte, https://sqlite.org/rescode.html).
 * Only these primary codes say the database is busy, locked, out of memory, read-only, failing at I/O, full or
 * unopenable: a retry may succeed. Everything else (SQLITE_CONSTRAINT 19, SQLITE_ERROR 1, SQLITE_CORRUPT 11…) is a
 * fault to log and answer with 500.
 */
const SQLITE_UNAVAILABLE_RESULT_CODES = new Set([
  5, // SQLITE_BUSY
  6, // SQLITE_LOCKED
  7, // SQLITE_NOMEM
  8, // SQLITE_READONLY
  10, // SQLITE_IOERR
  13, // SQLITE_FULL
  14, // SQLITE_CANTOPEN
  15, // SQLITE_PROTOCOL
])

/**
 * Messages of errors that carry no code: pg's client and pool timeouts (`connectionTimeoutMillis` when connecting
 * or waiting for a pooled client, `query_timeout`), and connections the server or the network closed.
 */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|database is locked/i

function isUnavailableOne(e: Error): boolean {
  const { code, errcode } = e as { code?: unknown; errcode?: unknown }
  if (code === 'ERR_SQLITE_ERROR')
    return typeof errcode === 'number' && SQLITE_UNAVAILABLE_RESULT_CODES.has(errcode & 0xff)
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
  return UNAVAILABLE_MESSAGE.test(e.message)
}

/**
 * Whether `error` (or one of its causes) says a storage dependency is unreachable, slow or full, so the client may
 * retry: hosts answer it with 503 `service_unavailable` and `Retry-After`, anything else with a logged 500.
 *
 * @example
 * if (isUnavailable(error)) return reply.code(503).header('retry-after', '5').send(body)
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof AuthError) return false
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isUnavailableOne(e)) return true
    if (e instanceof AggregateError && e.errors.some(isUnavailable)) return true
  }
  return false
}
