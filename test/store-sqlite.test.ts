import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { storeConformanceSuite } from '../src/testing/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'latchkey-store-'))
after(() => rmSync(dir, { recursive: true, force: true }))

storeConformanceSuite('sqlite (file)', async () => {
  const stores = createSqliteStores(join(dir, 'conformance', 'latchkey.sqlite'))
  await stores.migrate()
  return stores
})

storeConformanceSuite('sqlite (:memory:)', async () => {
  const stores = createSqliteStores(':memory:')
  await stores.migrate()
  return stores
})

describe('sqlite database file', () => {
  it('is created with its directories, in WAL mode, with foreign keys on and a busy timeout', async () => {
    const path = join(dir, 'a', 'b', 'pragmas.sqlite')
    const stores = createSqliteStores(path)
    try {
      await stores.migrate()
      assert.ok(existsSync(path))
      const pragma = async (name: string) => {
        const { rows } = await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(stores.db)
        return Object.values(rows[0] ?? {})[0]
      }
      assert.equal(await pragma('journal_mode'), 'wal')
      assert.equal(await pragma('foreign_keys'), 1)
      assert.equal(await pragma('busy_timeout'), 5000)
      assert.equal(await pragma('synchronous'), 1, 'NORMAL')
    } finally {
      await stores.close()
    }
  })

  it('migrates once: reopening and migrating again keeps the data', async () => {
    const path = join(dir, 'reopen.sqlite')
    const first = createSqliteStores(path)
    await first.migrate()
    await first.migrate()
    const user = await first.users.create({ username: 'kept', passwordHash: 'h' }, 1)
    await first.close()
    const second = createSqliteStores(path)
    try {
      await second.migrate()
      assert.deepEqual(await second.users.findByUsername('kept'), user)
    } finally {
      await second.close()
    }
  })
})
