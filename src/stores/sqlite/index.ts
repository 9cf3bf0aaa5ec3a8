import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Kysely, SqliteDialect } from 'kysely'
import type { SessionStore } from '../../core/sessions/session.ts'
import type { UserStore } from '../../core/users/user.ts'
import { createKyselySessionStore } from '../kysely/kysely-session-store.ts'
import { createKyselyUserStore } from '../kysely/kysely-user-store.ts'
import { migrateToLatest, ping } from '../kysely/migrations.ts'
import type { Database } from '../kysely/schema.ts'
import { kyselySqliteAdapter } from './node-sqlite-driver.ts'

export interface KyselyStores {
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly db: Kysely<Database>
  migrate(): Promise<void>
  ping(): Promise<void>
  close(): Promise<void>
}

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
  const db = openSqliteDatabase(path)
  return {
    users: createKyselyUserStore(db),
    sessions: createKyselySessionStore(db, 'sqlite'),
    db,
    migrate: () => migrateToLatest(db, 'sqlite'),
    ping: () => ping(db),
    close: () => db.destroy(),
  }
}
