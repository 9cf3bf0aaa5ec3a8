import assert from 'node:assert/strict'
import { DatabaseSync } from 'node:sqlite'
import { describe, it } from 'node:test'
import { kyselySqliteAdapter } from './node-sqlite-driver.ts'

function database(): DatabaseSync {
  const db = new DatabaseSync(':memory:')
  db.exec(
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL); INSERT INTO t VALUES (1, 'a', 0.5), (2, 'b', NULL)",
  )
  return db
}

describe('the node:sqlite adapter Kysely drives', () => {
  it('returns rows as objects by column name, in column order, with the values node:sqlite reads', () => {
    const rows = kyselySqliteAdapter(database()).prepare('SELECT id, name, score FROM t ORDER BY id').all([])
    assert.deepEqual(rows, [
      { id: 1, name: 'a', score: 0.5 },
      { id: 2, name: 'b', score: null },
    ])
    assert.deepEqual(Object.keys(rows[0] as object), ['id', 'name', 'score'])
  })

  it('gives UPDATE … RETURNING its rows, and counts as a reader only when the statement yields columns', () => {
    const adapter = kyselySqliteAdapter(database())
    const update = adapter.prepare('UPDATE t SET name = ? WHERE id = ? RETURNING id, name')
    assert.equal(update.reader, true)
    assert.deepEqual(update.all(['z', 2]), [{ id: 2, name: 'z' }])
    const plain = adapter.prepare('UPDATE t SET name = ? WHERE id = ?')
    assert.equal(plain.reader, false)
    assert.equal(plain.run(['y', 1]).changes, 1)
  })

  it('lets a later column of the same name win, as node:sqlite row objects do', () => {
    const db = database()
    const ours = kyselySqliteAdapter(db).prepare('SELECT id AS v, name AS v FROM t WHERE id = 1').all([])
    const native = db.prepare('SELECT id AS v, name AS v FROM t WHERE id = 1').all()
    assert.deepEqual(ours, [{ v: 'a' }])
    assert.deepEqual(
      ours,
      native.map((row) => ({ ...row })),
    )
  })

  it('iterates rows as objects too', () => {
    const statement = kyselySqliteAdapter(database()).prepare(
      'SELECT id, name FROM t WHERE id > ? ORDER BY id',
    )
    assert.deepEqual(
      [...statement.iterate([0])],
      [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
    )
  })

  it('prepares each SQL text once', () => {
    const adapter = kyselySqliteAdapter(database())
    assert.equal(adapter.prepare('SELECT 1 AS one'), adapter.prepare('SELECT 1 AS one'))
  })
})
