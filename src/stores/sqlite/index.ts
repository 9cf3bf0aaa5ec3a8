import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Kysely, SqliteDialect } from 'kysely'
import { type KyselyStores, kyselyStores } from '../kysely/kysely-stores.ts'
import type { Database } from '../kysely/schema.ts'
import { kyselySqliteAdapter } from './node-sqlite-driver.ts'

/** Opens (creating if needed) a SQLite database file, or `:memory:`, in WAL mode with foreign keys on. */
export function openSqliteDatabase(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new DatabaseSync(path)
  database.exec('PRAGMA journal_mode = WAL')
  database.exec('PRAGMA synchronous = NORMAL')
  database.exec('PRAGMA foreign_keys = ON')
  database.exec('PRAGMA busy_timeout = 5000')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselySqliteAdapter(database) }) })
}

/**
 * The embedded stores: users and sessions in one SQLite file.
 *
 * @example
 * const stores = createSqliteStores('./data/latchkey.sqlite')
 * await stores.migrate()
 */
export function createSqliteStores(path: string): KyselyStores {
  return kyselyStores(openSqliteDatabase(path), 'sqlite')
}
