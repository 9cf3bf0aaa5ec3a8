import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../schema.ts'
import { kyselySqliteAdapter } from './node-sqlite-driver.ts'

/**
 * Opens (creating it and its directory if needed) a SQLite database file, or `':memory:'`, set up for a server:
 * WAL so readers never block the writer; `synchronous = NORMAL`, which in WAL mode loses at most the last commits on
 * power loss, never consistency; foreign keys on (SQLite leaves them off per connection by default), so deleting a
 * user cascades to its sessions; and a busy timeout, so another process holding the write lock makes us wait, not
 * fail with SQLITE_BUSY.
 *
 * @example
 * const db = openSqliteDatabase('./data/latchkey.sqlite')
 */
export function openSqliteDatabase(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new DatabaseSync(path)
  database.exec('PRAGMA journal_mode = WAL')
  database.exec('PRAGMA synchronous = NORMAL')
  database.exec('PRAGMA foreign_keys = ON')
  database.exec('PRAGMA busy_timeout = 5000')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselySqliteAdapter(database) }) })
}
