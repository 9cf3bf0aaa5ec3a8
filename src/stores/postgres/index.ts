import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { type KyselyStores, kyselyStores } from '../kysely/kysely-stores.ts'
import type { Database } from '../kysely/schema.ts'

export interface PostgresStoreOptions {
  /** A schema to use (created by `migrate()`), e.g. to isolate tests. */
  readonly schema?: string
  readonly poolSize?: number
}

const BIGINT_OID = 20

/** Times are bigint milliseconds: read them as numbers (they stay far below 2^53), not pg's default strings. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === BIGINT_OID && format !== 'binary') return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

/**
 * Users and sessions in PostgreSQL, through the same Kysely code as SQLite.
 *
 * @example
 * const stores = createPostgresStores('postgres://latchkey@db:5432/latchkey')
 */
export function createPostgresStores(url: string, options: PostgresStoreOptions = {}): KyselyStores {
  const schema = options.schema
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`invalid schema name: ${schema}`)
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return kyselyStores(db, 'postgres', {
    ...(schema !== undefined && { schema }),
    beforeMigrate: async () => {
      if (schema !== undefined) await db.schema.createSchema(schema).ifNotExists().execute()
    },
  })
}
