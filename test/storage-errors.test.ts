import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { isUnavailable } from '../src/core/storage-unavailable.ts'
import { inTransaction } from '../src/stores/kysely/in-transaction.ts'
import { openPostgresDatabase } from '../src/stores/postgres/open-postgres.ts'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { TEST_DATABASE_URL } from './helpers/postgres.ts'

const dir = mkdtempSync(join(tmpdir(), 'latchkey-errors-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** The error `work` throws; the test fails if it throws none. */
async function errorOf(work: () => unknown): Promise<unknown> {
  try {
    await work()
  } catch (error) {
    return error
  }
  assert.fail('expected an error')
}

describe('SQLite errors are told apart by their result code (every node:sqlite error is ERR_SQLITE_ERROR)', () => {
  it('a constraint violation is a fault (500), not an outage', async () => {
    const db = new DatabaseSync(':memory:')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)')
    db.exec('INSERT INTO t VALUES (1)')
    const error = await errorOf(() => db.exec('INSERT INTO t VALUES (1)'))
    assert.equal((error as { code?: string }).code, 'ERR_SQLITE_ERROR')
    assert.equal(isUnavailable(error), false)
  })

  it('an SQL mistake is a fault (500)', async () => {
    const db = new DatabaseSync(':memory:')
    assert.equal(isUnavailable(await errorOf(() => db.exec('SELEC 1'))), false)
  })

  it('a database locked by another connection past the busy timeout is an outage (503)', async () => {
    const path = join(dir, 'locked.sqlite')
    const holder = new DatabaseSync(path)
    holder.exec('CREATE TABLE t (id INTEGER)')
    holder.exec('BEGIN IMMEDIATE')
    const other = new DatabaseSync(path, { timeout: 10 })
    try {
      const error = await errorOf(() => other.exec('INSERT INTO t VALUES (1)'))
      assert.equal((error as { errcode?: number }).errcode, 5, 'SQLITE_BUSY')
      assert.equal(isUnavailable(error), true)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
      other.close()
    }
  })

  it('a read-only database is an outage (503)', async () => {
    const path = join(dir, 'readonly.sqlite')
    new DatabaseSync(path).exec('CREATE TABLE t (id INTEGER)')
    const reader = new DatabaseSync(path, { readOnly: true })
    const error = await errorOf(() => reader.exec('INSERT INTO t VALUES (1)'))
    assert.equal(isUnavailable(error), true)
    reader.close()
  })
})

describe('a failed transaction reports its first error, not the rollback that follows', () => {
  it('keeps the cause when SQLite has already rolled the transaction back', async () => {
    const stores = createSqliteStores(join(dir, 'rollback.sqlite'))
    await stores.migrate()
    try {
      // What SQLITE_FULL does: SQLite ends the transaction itself, so Kysely's ROLLBACK then fails.
      const error = await errorOf(() =>
        inTransaction(stores.db, async (tx) => {
          await sql`ROLLBACK`.execute(tx)
          throw new Error('the real cause')
        }),
      )
      assert.equal((error as Error).message, 'the real cause')
      // The connection was released: the database still answers.
      await stores.ping()
    } finally {
      await stores.close()
    }
  })
})

describe('PostgreSQL: every way of being unreachable is an outage, every other error a fault', () => {
  it('a refused connection', async () => {
    const db = openPostgresDatabase('postgres://postgres@127.0.0.1:1/test', { connectTimeoutMs: 500 })
    try {
      assert.equal(isUnavailable(await errorOf(() => sql`select 1`.execute(db))), true)
    } finally {
      await db.destroy()
    }
  })

  it('an exhausted pool ("timeout exceeded when trying to connect")', async () => {
    const db = openPostgresDatabase(TEST_DATABASE_URL, { poolSize: 1, connectTimeoutMs: 200 })
    try {
      const held = db.connection().execute(async (c) => {
        await sql`select pg_sleep(0.6)`.execute(c)
      })
      const error = await errorOf(() => sql`select 1`.execute(db))
      assert.match((error as Error).message, /timeout exceeded when trying to connect/)
      assert.equal(isUnavailable(error), true)
      await held
    } finally {
      await db.destroy()
    }
  })

  it('a statement past the statement timeout (57014), and the connection serves the next one', async () => {
    const db = openPostgresDatabase(TEST_DATABASE_URL, { poolSize: 1, statementTimeoutMs: 100 })
    try {
      const started = Date.now()
      const error = await errorOf(() => sql`select pg_sleep(5)`.execute(db))
      assert.ok(Date.now() - started < 1000, 'the wait is bounded')
      assert.equal((error as { code?: string }).code, '57014')
      assert.equal(isUnavailable(error), true)
      await sql`select 1`.execute(db)
    } finally {
      await db.destroy()
    }
  })

  it('a syntax error and a unique violation are faults', async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await client.connect()
    try {
      assert.equal(isUnavailable(await errorOf(() => client.query('selec 1'))), false)
      await client.query('create temporary table t (id int primary key)')
      await client.query('insert into t values (1)')
      const error = await errorOf(() => client.query('insert into t values (1)'))
      assert.equal((error as { code?: string }).code, '23505')
      assert.equal(isUnavailable(error), false)
    } finally {
      await client.end()
    }
  })
})
