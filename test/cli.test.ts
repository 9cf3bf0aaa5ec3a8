import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { runCli } from './helpers/spawn-server.ts'

describe('latchkey CLI', () => {
  let dir: string
  let env: Record<string, string>
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'))
    env = {
      LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      LATCHKEY_SECRET_KEY: 'cli-test-secret',
    }
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('prints help, and help for each command', async () => {
    const top = await runCli(['--help'], env)
    assert.equal(top.code, 0)
    assert.match(top.stdout, /createuser/)
    const sub = await runCli(['createuser', '--help'], env)
    assert.equal(sub.code, 0)
    assert.match(sub.stdout, /--password-stdin/)
  })

  it('refuses an unknown command with exit code 2', async () => {
    const result = await runCli(['frobnicate'], env)
    assert.equal(result.code, 2)
    assert.match(result.stderr, /unknown command 'frobnicate'/)
  })

  it('import-django needs --from, and names a Django database that is not there', async () => {
    const missing = await runCli(['import-django'], env)
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /--from is required/)
    const absent = await runCli(['import-django', '--from', join(dir, 'no-such.sqlite3'), '--dry-run'], env)
    assert.equal(absent.code, 1)
    assert.match(
      absent.stderr,
      /^import-django: cannot read the Django database: no Django database at '.*no-such\.sqlite3'\n$/,
    )
  })

  it('migrates', async () => {
    const result = await runCli(['migrate'], env)
    assert.equal(result.code, 0, result.stderr)
  })

  it('creates a user from a password on stdin, and refuses the same username again', async () => {
    const args = ['createuser', '--username', 'carol', '--first-name', 'Carol', '--password-stdin']
    const first = await runCli(args, env, 'a long enough passphrase 9\n')
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /Created user 'carol'/)
    const again = await runCli(args, env, 'a long enough passphrase 9\n')
    assert.equal(again.code, 1)
    assert.equal(
      again.stderr,
      'latchkey users create: --username: A user with that username already exists.\n',
    )
    const stores = createSqliteStores(join(dir, 'db.sqlite'))
    try {
      const carol = await stores.users.findByUsername('carol')
      assert.equal(carol?.firstName, 'Carol')
      assert.match(carol?.passwordHash ?? '', /^\$argon2id\$/)
    } finally {
      await stores.close()
    }
  })

  it('deactivates a user and revokes their sessions; an unknown user is refused', async () => {
    const args = ['createuser', '--username', 'erin', '--password-stdin']
    assert.equal((await runCli(args, env, 'a long enough passphrase 9\n')).code, 0)
    const stores = createSqliteStores(join(dir, 'db.sqlite'))
    try {
      const erin = await stores.users.findByUsername('erin')
      assert.ok(erin)
      const now = Date.now()
      await stores.sessions.create({
        id: 'f'.repeat(32),
        userId: erin.id,
        createdAt: now,
        expiresAt: now + 60_000,
        currentJti: 'e'.repeat(32),
        userAgent: '',
        ip: '',
      })
      const result = await runCli(['deactivateuser', '--username', 'erin'], env)
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /revoked 1 session\./)
      assert.equal((await stores.users.findById(erin.id))?.isActive, false)
      assert.equal((await stores.sessions.get('f'.repeat(32)))?.revokeReason, 'user_deactivated')
    } finally {
      await stores.close()
    }
    assert.equal((await runCli(['deactivateuser', '--username', 'nobody'], env)).code, 1)
  })

  it('refuses a password Django’s validators refuse', async () => {
    const result = await runCli(['createuser', '--username', 'dave', '--password-stdin'], env, '12345678\n')
    assert.equal(result.code, 1)
    assert.match(result.stderr, /too common|entirely numeric/)
  })

  it('refuses a missing username with exit code 1 and one line', async () => {
    const result = await runCli(['createuser', '--password-stdin'], env, 'x\n')
    assert.equal(result.code, 1)
    assert.equal(result.stderr, 'latchkey users create: --username is required\n')
  })

  it('flushes expired sessions', async () => {
    const result = await runCli(['flush-expired'], env)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /Removed 0 expired or long-revoked sessions/)
  })

  it('fails at start-up with a message naming the variable when configuration is bad', async () => {
    const result = await runCli(['migrate'], { ...env, LATCHKEY_ACCESS_TOKEN_LIFETIME: 'soon' })
    assert.equal(result.code, 2)
    assert.match(result.stderr, /LATCHKEY_ACCESS_TOKEN_LIFETIME: 'soon' is not a duration/)
  })

  it('refuses a --workers that is not a whole number of processes, naming the flag', {
    timeout: 10_000,
  }, async () => {
    const result = await runCli(['serve', '--workers', '0'], env)
    assert.equal(result.code, 2)
    assert.match(result.stderr, /--workers: '0'/)
  })

  it('refuses several workers on an in-memory SQLite database, which each would have alone', {
    timeout: 10_000,
  }, async () => {
    const result = await runCli(['serve', '--workers', '2'], {
      ...env,
      LATCHKEY_DATABASE_URL: 'sqlite::memory:',
    })
    assert.equal(result.code, 2)
    assert.match(result.stderr, /in-memory SQLite/)
  })

  it('refuses to run in production without a secret', async () => {
    const result = await runCli(['migrate'], {
      LATCHKEY_DATABASE_URL: env.LATCHKEY_DATABASE_URL ?? '',
      NODE_ENV: 'production',
    })
    assert.equal(result.code, 2)
    assert.match(result.stderr, /LATCHKEY_SECRET_KEY/)
  })
})
