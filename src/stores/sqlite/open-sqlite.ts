import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../schema.ts'
import { nodeSqlite } from './node-sqlite.ts'
import { kyselySqliteAdapter } from './node-sqlite-driver.ts'

/** SQLite's SQLITE_BUSY result code. */
const SQLITE_BUSY = 5

/** How long to pause between attempts to switch to WAL while another process holds the lock. */
const WAL_RETRY_MS = 10

/**
 * `PRAGMA journal_mode = WAL`, retried while another process holds the lock. Two processes opening a new database
 * both hold a read lock when each asks to write the header; SQLite then answers one of them SQLITE_BUSY at once,
 * without calling the busy handler, since waiting could deadlock (https://sqlite.org/c3ref/busy_handler.html: "the
 * busy handler is not invoked" in that case). The other finishes its switch, and the retry then finds WAL set.
 * Blocking, like the busy timeout itself: it runs once, when the store opens.
 */
function switchToWal(database: DatabaseSync, budgetMs: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (let waited = 0; ; waited += WAL_RETRY_MS) {
    try {
      database.exec('PRAGMA journal_mode = WAL')
      return
    } catch (error) {
      if ((error as { errcode?: unknown }).errcode !== SQLITE_BUSY || waited >= budgetMs) throw error
      Atomics.wait(pause, 0, 0, WAL_RETRY_MS)
    }
  }
}

/**
 * Opens (creating it and its directory if needed) a SQLite database file, or `':memory:'`, set up for a server:
 * WAL so readers never block the writer; `synchronous = NORMAL`, which in WAL mode loses at most the last commits on
 * power loss, never consistency; foreign keys on (SQLite leaves them off per connection by default), so deleting a
 * user cascades to its sessions; and a busy timeout, so another process holding the write lock makes us wait, not
 * fail with SQLITE_BUSY. The busy timeout is set first, through the constructor, before any statement runs:
 * switching a new database to WAL takes the write lock, and a second process opening it at the same moment must
 * wait for that, not fail with "database is locked" (https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode);
 * where SQLite refuses to wait (see `switchToWal`), the switch is retried within the same timeout.
 * While it waits, node:sqlite blocks the event loop: keep `busyTimeoutMs` short (5000 ms when not set).
 *
 * @example
 * const db = openSqliteDatabase('./data/latchkey.sqlite', { busyTimeoutMs: 2000 })
 */
export function openSqliteDatabase(path: string, options: { busyTimeoutMs?: number } = {}): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  const database = new (nodeSqlite().DatabaseSync)(path, { timeout: busyTimeoutMs })
  switchToWal(database, busyTimeoutMs)
  database.exec('PRAGMA synchronous = NORMAL')
  database.exec('PRAGMA foreign_keys = ON')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselySqliteAdapter(database) }) })
}
