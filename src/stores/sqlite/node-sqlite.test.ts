import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nodeSqlite } from './node-sqlite.ts'

describe('node:sqlite, loaded when a database opens', () => {
  it('is the built-in module on this Node.js', () => {
    const database = new (nodeSqlite().DatabaseSync)(':memory:')
    assert.equal(database.prepare('SELECT 1 AS one').get()?.one, 1)
    database.close()
  })
  it('is refused with the version needed, where Node.js has no such module', (t) => {
    // A Node.js older than 22.5 answers undefined for a built-in it does not have.
    t.mock.method(process, 'getBuiltinModule', () => undefined)
    assert.throws(nodeSqlite, (error: Error) => {
      assert.match(error.message, /needs Node\.js 22\.16 or newer \(its SQLite store uses node:sqlite\)/)
      assert.match(
        error.message,
        new RegExp(`this is Node\\.js ${process.versions.node.replaceAll('.', '\\.')}`),
      )
      return true
    })
  })
})
