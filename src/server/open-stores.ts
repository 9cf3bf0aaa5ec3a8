import type { StoreSet } from '../core/store-set.ts'
import { createPostgresStores } from '../stores/postgres/index.ts'
import { createSqliteStores } from '../stores/sqlite/index.ts'

export type Stores = StoreSet

/** Bounds on every wait for the database (`LATCHKEY_DATABASE_TIMEOUT`, `LATCHKEY_DATABASE_ACQUIRE_TIMEOUT`). */
export interface DatabaseTimeouts {
  readonly statementTimeoutMs?: number
  readonly connectTimeoutMs?: number
}

/**
 * Opens the stores a `LATCHKEY_DATABASE_URL` names: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`; a
 * `schema` query parameter on a PostgreSQL URL selects (and creates) a schema. On SQLite the statement timeout is
 * the busy timeout (the only wait a local file has).
 */
export function openStores(databaseUrl: string, timeouts: DatabaseTimeouts = {}): Stores {
  if (databaseUrl.startsWith('sqlite:'))
    return createSqliteStores(databaseUrl.slice('sqlite:'.length), {
      ...(timeouts.statementTimeoutMs !== undefined && { busyTimeoutMs: timeouts.statementTimeoutMs }),
    })
  const url = new URL(databaseUrl)
  const schema = url.searchParams.get('schema') ?? undefined
  url.searchParams.delete('schema')
  return createPostgresStores(url.toString(), { ...timeouts, ...(schema !== undefined && { schema }) })
}
