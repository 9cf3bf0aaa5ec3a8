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
 * fail with SQLITE_BUSY. The busy timeout is set first, through the constructor, before any statement runs:
 * switching a new database to WAL takes the write lock, and a second process opening it at the same moment must
 * wait for that, not fail with "database is locked" (https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode).
 * While it waits, node:sqlite blocks the event loop: keep `busyTimeoutMs` short (5000 ms when not set).
 *
 * @example
 * const db = openSqliteDatabase('./data/latchkey.sqlite', { busyTimeoutMs: 2000 })
 */
export function openSqliteDatabase(path: string, options: { busyTimeoutMs?: number } = {}): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 5000 })
  database.exec('PRAGMA journal_mode = WAL')
  database.exec('PRAGMA synchronous = NORMAL')
  database.exec('PRAGMA foreign_keys = ON')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselySqliteAdapter(database) }) })
}
