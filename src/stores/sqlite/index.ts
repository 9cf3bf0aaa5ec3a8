import { type KyselyStores, kyselyStores } from '../kysely/kysely-stores.ts'
import { openSqliteDatabase } from './open-sqlite.ts'

export { openSqliteDatabase } from './open-sqlite.ts'

/**
 * The embedded stores: users, sessions and signing keys in one SQLite file (or `':memory:'`), through the same Kysely
 * code as PostgreSQL.
 *
 * @example
 * const stores = createSqliteStores('./data/latchkey.sqlite')
 * await stores.migrate()
 */
export function createSqliteStores(path: string, options: { busyTimeoutMs?: number } = {}): KyselyStores {
  return kyselyStores(openSqliteDatabase(path, options), 'sqlite')
}
