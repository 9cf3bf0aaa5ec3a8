import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, spawnServer } from './helpers/spawn-server.ts'
import { SECRET } from './helpers/test-server.ts'

describe('npm run example -- <name>, after npm run latchkey -- migrate', () => {
  let dir: string
  let env: Record<string, string>
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-examples-'))
    env = { LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'app.sqlite')}`, LATCHKEY_SECRET_KEY: SECRET }
    const migrated = await runCli(['migrate'], env)
    assert.equal(migrated.code, 0, migrated.stderr)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  for (const name of ['fastify', 'express', 'hono', 'web']) {
    it(`${name}: reads the LATCHKEY_* environment, serves the API and its own route, stops on SIGTERM`, async () => {
      const app = await spawnServer(env, dir, ['examples/run.ts', name])
      try {
        assert.equal((await fetch(`${app.url}/accounts/csrf_token/`)).status, 200)
        const notes = await fetch(`${app.url}/api/notes`)
        assert.equal(notes.status, 401)
        assert.equal(((await notes.json()) as { code: string }).code, 'not_authenticated')
      } finally {
        assert.equal(await app.stop('SIGTERM'), 0)
      }
    })
  }

  it('names the examples when given none', async () => {
    const { spawnSync } = await import('node:child_process')
    const run = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'examples', 'run.ts')], {
      encoding: 'utf8',
    })
    assert.equal(run.status, 2)
    assert.match(run.stderr, /fastify\|express\|hono\|web/)
  })
})
