import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { runCli, spawnServer } from './helpers/spawn-server.ts'

const PASS = 'a long enough passphrase 9\n'

describe('latchkey users', () => {
  let dir: string
  let env: Record<string, string>
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-users-'))
    env = {
      LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      LATCHKEY_SECRET_KEY: 'cli-test-secret',
    }
    const created = await runCli(
      ['users', 'create', '--username', 'olga', '--email', 'olga@example.test', '--password-stdin', '--json'],
      env,
      PASS,
    )
    assert.equal(created.code, 0, created.stderr)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const json = async (args: string[], input?: string) => {
    const result = await runCli([...args, '--json'], env, input)
    assert.equal(result.code, 0, result.stderr)
    return JSON.parse(result.stdout)
  }

  it('has --help for users and for each action', async () => {
    const top = await runCli(['users', '--help'], env)
    assert.equal(top.code, 0)
    assert.match(top.stdout, /set-password/)
    for (const action of [
      'list',
      'show',
      'create',
      'update',
      'set-password',
      'deactivate',
      'activate',
      'delete',
    ]) {
      const help = await runCli(['users', action, '--help'], env)
      assert.equal(help.code, 0)
      assert.match(help.stdout, new RegExp(`latchkey users ${action}`))
    }
  })

  it('refuses a bad username with exit 1 and the one-line reason', async () => {
    const result = await runCli(['users', 'create', '--username', 'bad name', '--password-stdin'], env, PASS)
    assert.equal(result.code, 1)
    assert.equal(
      result.stderr,
      'latchkey users create: --username: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.\n',
    )
  })

  it('refuses an unknown option, a bad flag value and a missing target with exit 1 and one line', async () => {
    for (const args of [
      ['users', 'list', '--colour'],
      ['users', 'list', '--active', 'maybe'],
      ['users', 'show'],
      ['users', 'show', '--id', 'x'],
      ['users', 'show', '--username', 'nobody'],
      ['users', 'frobnicate'],
    ]) {
      const result = await runCli(args, env)
      assert.equal(result.code, 1, args.join(' '))
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
      assert.match(result.stderr, /^latchkey users/)
    }
  })

  it('refuses a name equal to an existing one up to case', async () => {
    const result = await runCli(['users', 'create', '--username', 'OLGA', '--password-stdin'], env, PASS)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /already exists/)
  })

  it('lists and shows as JSON', async () => {
    const list = await json(['users', 'list', '--search', 'olga'])
    assert.equal(list.count, 1)
    assert.equal(list.results[0].email, 'olga@example.test')
    const shown = await json(['users', 'show', '--username', 'olga'])
    assert.equal(shown.username, 'olga')
    assert.deepEqual(await json(['users', 'show', '--id', String(shown.id)]), shown)
  })

  it('updates, deactivates, activates and sets a password', async () => {
    const updated = await json([
      'users',
      'update',
      '--username',
      'olga',
      '--first-name',
      'Olga',
      '--staff',
      'true',
    ])
    assert.equal(updated.first_name, 'Olga')
    assert.equal(updated.is_staff, true)
    assert.equal((await json(['users', 'deactivate', '--username', 'olga'])).is_active, false)
    assert.equal((await json(['users', 'activate', '--username', 'olga'])).is_active, true)
    const set = await json(
      ['users', 'set-password', '--username', 'olga', '--password-stdin'],
      'another fine passphrase 7\n',
    )
    assert.deepEqual(set, { id: updated.id, revoked_sessions: 0 })
    const weak = await runCli(
      ['users', 'set-password', '--username', 'olga', '--password-stdin'],
      env,
      '123\n',
    )
    assert.equal(weak.code, 1)
    assert.match(weak.stderr, /^latchkey users set-password: password: This password is too short/)
  })

  it('deletes only with --yes', async () => {
    await json(['users', 'create', '--username', 'temp', '--password-stdin'], PASS)
    const refused = await runCli(['users', 'delete', '--username', 'temp'], env)
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /needs --yes/)
    assert.equal((await json(['users', 'delete', '--username', 'temp', '--yes'])).deleted, true)
    assert.equal((await runCli(['users', 'show', '--username', 'temp'], env)).code, 1)
  })

  it('never lets the last active superuser go', async () => {
    const root = await json(
      ['users', 'create', '--username', 'root', '--superuser', '--password-stdin'],
      PASS,
    )
    assert.equal(root.is_superuser, true)
    const result = await runCli(['users', 'deactivate', '--username', 'root'], env)
    assert.equal(result.code, 1)
    assert.equal(
      result.stderr,
      'latchkey users deactivate: the user: This would leave no active superuser.\n',
    )
  })

  it('records what it did in the audit log, with no acting admin', async () => {
    const stores = createSqliteStores(join(dir, 'db.sqlite'))
    try {
      const olga = await stores.users.findByUsername('olga')
      assert.ok(olga)
      const log = await stores.audit.list({ userId: olga.id, offset: 0, limit: 20 })
      const types = log.events.map((e) => e.type)
      assert.ok(types.includes('admin.user_created') && types.includes('admin.password_set'), types.join())
      assert.ok(log.events.every((e) => e.actorId === null && e.userAgent === 'latchkey-cli'))
    } finally {
      await stores.close()
    }
  })
})

describe('the first superuser from the environment', () => {
  let dir: string
  let env: Record<string, string>
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-superuser-'))
    env = {
      LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      LATCHKEY_SECRET_KEY: 'cli-test-secret',
      LATCHKEY_SUPERUSER_USERNAME: 'boss',
      LATCHKEY_SUPERUSER_PASSWORD: 'the-very-secret-boss-password',
      LATCHKEY_SUPERUSER_EMAIL: 'boss@example.test',
    }
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('is created by migrate, staff and superuser, and the password never printed', async () => {
    const result = await runCli(['migrate'], env)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /Created superuser 'boss'/)
    assert.ok(!`${result.stdout}${result.stderr}`.includes('the-very-secret-boss-password'))
    const stores = createSqliteStores(join(dir, 'db.sqlite'))
    try {
      const boss = await stores.users.findByUsername('boss')
      assert.equal(boss?.isSuperuser, true)
      assert.equal(boss?.isStaff, true)
      assert.equal(boss?.email, 'boss@example.test')
    } finally {
      await stores.close()
    }
  })

  it('leaves an existing user unchanged, password included', async () => {
    const stores = createSqliteStores(join(dir, 'db.sqlite'))
    try {
      const before = await stores.users.findByUsername('boss')
      const result = await runCli(['migrate'], {
        ...env,
        LATCHKEY_SUPERUSER_PASSWORD: 'a-different-password-now',
      })
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /already exists; left unchanged/)
      assert.deepEqual(await stores.users.findByUsername('boss'), before)
    } finally {
      await stores.close()
    }
  })

  it('refuses a username without a password, naming both variables', async () => {
    const result = await runCli(['migrate'], { ...env, LATCHKEY_SUPERUSER_PASSWORD: '' })
    assert.equal(result.code, 2)
    assert.match(result.stderr, /LATCHKEY_SUPERUSER_USERNAME and LATCHKEY_SUPERUSER_PASSWORD/)
  })

  it('refuses an invalid superuser username at start-up', async () => {
    const result = await runCli(['migrate'], { ...env, LATCHKEY_SUPERUSER_USERNAME: 'no spaces' })
    assert.equal(result.code, 2)
    assert.match(result.stderr, /LATCHKEY_SUPERUSER_USERNAME: Enter a valid username/)
  })
})

describe('the first superuser when the server starts', () => {
  it('is created by serve, can sign in to the admin API, and its password appears in no output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-serve-superuser-'))
    const password = 'serve-created-boss-passphrase'
    const server = await spawnServer(
      {
        LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
        LATCHKEY_SECRET_KEY: 'serve-test-secret',
        LATCHKEY_SUPERUSER_USERNAME: 'chief',
        LATCHKEY_SUPERUSER_PASSWORD: password,
      },
      dir,
    )
    try {
      const login = await fetch(`${server.url}/accounts/auth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'chief', password }),
      })
      assert.equal(login.status, 200)
      const { access } = (await login.json()) as { access: string }
      const users = await fetch(`${server.url}/accounts/admin/users/`, {
        headers: { authorization: `Bearer ${access}` },
      })
      assert.equal(users.status, 200)
      assert.match(server.output(), /Created superuser 'chief'/)
      assert.ok(!server.output().includes(password))
    } finally {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
