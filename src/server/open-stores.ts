import type { StoreSet } from '../core/store-set.ts'
import { createPostgresStores } from '../stores/postgres/index.ts'
import { createSqliteStores } from '../stores/sqlite/index.ts'

export type Stores = StoreSet

/**
 * Opens the stores a `LATCHKEY_DATABASE_URL` names: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`; a
 * `schema` query parameter on a PostgreSQL URL selects (and creates) a schema.
 */
export function openStores(databaseUrl: string): Stores {
  if (databaseUrl.startsWith('sqlite:')) return createSqliteStores(databaseUrl.slice('sqlite:'.length))
  const url = new URL(databaseUrl)
  const schema = url.searchParams.get('schema') ?? undefined
  url.searchParams.delete('schema')
  return createPostgresStores(url.toString(), schema === undefined ? {} : { schema })
}
