import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'latchkey-open-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A separate process that opens (creating) the database and writes to it at once. (Migrating from two processes at
 * once is another matter: Kysely's migrator takes no lock on SQLite; `serve` migrates one process at a time.)
 */
function openInChild(path: string, username: string): Promise<{ code: number | null; output: string }> {
  const script = `
    import { sql } from 'kysely'
    import { openSqliteDatabase } from ${JSON.stringify(join(ROOT, 'src/stores/sqlite/open-sqlite.ts'))}
    const db = openSqliteDatabase(${JSON.stringify(path)})
    await sql\`create table if not exists opened (name text)\`.execute(db)
    await sql\`insert into opened values (\${${JSON.stringify(username)}})\`.execute(db)
    await db.destroy()
  `
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c) => {
      output += String(c)
    })
    child.stderr.on('data', (c) => {
      output += String(c)
    })
    child.on('exit', (code) => resolve({ code, output }))
  })
}

describe('SQLite opened by several processes at once', () => {
  it('two processes creating the same new database both succeed (the busy timeout is set before WAL)', async () => {
    for (let round = 0; round < 12; round++) {
      const path = join(dir, `new-${round}.sqlite`)
      const results = await Promise.all([openInChild(path, 'a'), openInChild(path, 'b')])
      for (const { code, output } of results) assert.equal(code, 0, output)
    }
  })
})
