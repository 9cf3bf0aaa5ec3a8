import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from '../schema.ts'

export interface PostgresStoreOptions {
  /** A schema to work in (put first on the search_path; `migrate()` creates it), e.g. to isolate tests. */
  readonly schema?: string
  /** Most connections the pool opens; 10 when not set. */
  readonly poolSize?: number
  /**
   * Longest a statement may run before PostgreSQL cancels it (`statement_timeout`, SQLSTATE 57014); 2000 ms when not
   * set. The client gives up one second later (`query_timeout`) and drops the connection, for a network that has
   * stalled without a reset, where the server's cancel never arrives.
   */
  readonly statementTimeoutMs?: number
  /** Longest wait for a connection, whether opening one or waiting for a free one in a full pool; 2000 ms when not set. */
  readonly connectTimeoutMs?: number
}

/** Margin between the server's statement timeout and the client's own, so a slow server answers with its cancel. */
const CLIENT_TIMEOUT_MARGIN_MS = 1000
/** TCP keepalive on every connection: a peer that vanished (host down, NAT entry dropped) is noticed while idle. */
const KEEPALIVE_INITIAL_DELAY_MS = 10_000

const BIGINT_OID = 20

/** Times are bigint milliseconds: read them as numbers (they stay far below 2^53), not as pg's default strings. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === BIGINT_OID && format !== 'binary') return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

/** A plain identifier, so it can go into `search_path` and DDL without quoting. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`)
}

/**
 * A Kysely database over a pg pool. The schema is set as a startup parameter of every connection, not with a `SET`
 * after connecting, so it costs no round trip and no pooled connection can miss it.
 *
 * @example
 * const db = openPostgresDatabase('postgres://latchkey@db:5432/latchkey', { poolSize: 20 })
 */
export function openPostgresDatabase(url: string, options: PostgresStoreOptions = {}): Kysely<Database> {
  const { schema } = options
  if (schema !== undefined) assertSchemaName(schema)
  const statementTimeoutMs = options.statementTimeoutMs ?? 2000
  // Every wait is bounded, so a stalled or saturated database turns into a prompt 503, never a hanging request.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 2000,
    statement_timeout: statementTimeoutMs,
    query_timeout: statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
    // A transaction left open by a stalled client must not hold its row locks for ever.
    idle_in_transaction_session_timeout: 5 * statementTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    ...(schema !== undefined && { options: `-c search_path=${schema}` }),
  })
  // A client losing its connection (idle or checked out) must not crash the process with an unhandled 'error'
  // event; the query in flight rejects, and the request answers 503.
  pool.on('error', () => {})
  pool.on('connect', (client) => {
    client.on('error', () => {})
    dropOnClientTimeout(client)
  })
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/**
 * When pg's `query_timeout` fires, the query's answer may still be on its way (or never come, on a stalled network),
 * and the connection cannot serve another query meanwhile: a pooled client would make the next request wait too.
 * Ending the socket makes the client unqueryable, so the pool discards it on release and opens a fresh one.
 */
function dropOnClientTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  const wrapped = (...args: unknown[]): unknown => {
    const result = query(...args)
    if (result instanceof Promise)
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === 'Query read timeout') destroySocket(client)
      })
    return result
  }
  client.query = wrapped as typeof client.query
}

function destroySocket(client: pg.PoolClient): void {
  const { connection } = client as unknown as { connection?: { stream?: { destroy(): void } } }
  connection?.stream?.destroy()
}
