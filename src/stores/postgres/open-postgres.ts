import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from '../schema.ts'

/** Options of `createPostgresStores`. */
export interface PostgresStoreOptions {
  /** A schema to work in (put first on the search_path; `migrate()` creates it), e.g. to isolate tests. */
  readonly schema?: string
  /** Most connections the pool opens; 10 when not set. */
  readonly poolSize?: number
}

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
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    connectionTimeoutMillis: 5000,
    ...(schema !== undefined && { options: `-c search_path=${schema}` }),
  })
  // A client losing its connection (idle or checked out) must not crash the process with an unhandled 'error'
  // event; the query in flight rejects, and the request answers 503.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}
