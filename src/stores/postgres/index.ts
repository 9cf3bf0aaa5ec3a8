import { type KyselyStores, kyselyStores } from '../kysely/kysely-stores.ts'
import { openPostgresDatabase, type PostgresStoreOptions } from './open-postgres.ts'

export { openPostgresDatabase, type PostgresStoreOptions } from './open-postgres.ts'

/**
 * Users, sessions and signing keys in PostgreSQL, through the same Kysely code as SQLite.
 *
 * @example
 * const stores = createPostgresStores('postgres://latchkey@db:5432/latchkey', { poolSize: 20 })
 * await stores.migrate()
 */
export function createPostgresStores(url: string, options: PostgresStoreOptions = {}): KyselyStores {
  const db = openPostgresDatabase(url, options)
  const { schema } = options
  return kyselyStores(db, 'postgres', {
    ...(schema !== undefined && { schema }),
    beforeMigrate: async () => {
      if (schema !== undefined) await db.schema.createSchema(schema).ifNotExists().execute()
    },
  })
}
