/**
 * How long `latchkey import-django` takes for a large Django deployment, and what a login against a Django hash
 * costs next to a native one. `node bench/django-import.ts [--users 100000]`.
 *
 * The Django schema comes from the reference's own migrations (test/django-reference, Debian's Django); the rows are
 * then written straight into it with one shared pbkdf2 hash (hashing 100,000 passwords would measure Django, not the
 * import), with one outstanding refresh token for every tenth user.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { parseArgs, promisify } from 'node:util'
import pg from 'pg'
import { createPasswordHasher } from '../src/core/passwords/password-hasher.ts'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '..')
const PROJECT = join(ROOT, 'test', 'django-reference')
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const { values } = parseArgs({ options: { users: { type: 'string', default: '100000' } } })
const USERS = Number(values.users)
// Django 3.2's default iterations (Debian's); 5.1 uses 870,000, 5.2 1,000,000.
const HASH = 'pbkdf2_sha256$260000$seasalt$Q2Iv1r9tbQ7kVpdLhdc09Tkcqtzp0T5ZDw1wFRNEnhw='

function rows(now: Date): { users: unknown[][]; tokens: unknown[][] } {
  const joined = new Date(now.getTime() - 86_400_000).toISOString()
  const users: unknown[][] = []
  const tokens: unknown[][] = []
  for (let id = 1; id <= USERS; id++) {
    users.push([
      id,
      HASH,
      null,
      false,
      `user${id}`,
      'First',
      'Last',
      `user${id}@example.test`,
      false,
      true,
      joined,
    ])
    if (id % 10 === 0)
      tokens.push([
        id / 10,
        'token',
        new Date(now.getTime() - 3_600_000).toISOString(),
        new Date(now.getTime() + 86_400_000).toISOString(),
        id,
        randomBytes(16).toString('hex'),
      ])
  }
  return { users, tokens }
}

const USER_INSERT =
  'insert into auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) values '
const TOKEN_INSERT =
  'insert into token_blacklist_outstandingtoken (id, token, created_at, expires_at, user_id, jti) values '

async function migrateDjango(env: NodeJS.ProcessEnv) {
  await run('/usr/bin/python3', ['manage.py', 'migrate', '-v0'], {
    cwd: PROJECT,
    env: { ...process.env, ...env },
  })
}

/** Wall time, and the import process's own CPU time (GNU time): on a busy shared machine the second is the stable one. */
async function timeImport(
  latchkeyUrl: string,
  from: string,
): Promise<{ ms: number; cpuMs: number; output: string }> {
  const started = performance.now()
  const { stdout, stderr } = await run(
    '/usr/bin/time',
    ['-f', 'cpu %U %S', process.execPath, 'src/cli/main.ts', 'import-django', '--from', from],
    {
      cwd: ROOT,
      env: { ...process.env, LATCHKEY_DATABASE_URL: latchkeyUrl, LATCHKEY_SECRET_KEY: 'bench-secret' },
      maxBuffer: 1 << 20,
    },
  )
  const [, user = '0', system = '0'] = /cpu ([\d.]+) ([\d.]+)/.exec(stderr) ?? []
  return {
    ms: performance.now() - started,
    cpuMs: (Number(user) + Number(system)) * 1000,
    output: stdout.trim(),
  }
}

async function sqlite(dir: string) {
  const path = join(dir, 'django.sqlite3')
  await migrateDjango({ DJANGO_SECRET_KEY: 'bench', DJANGO_DATABASE: path })
  const db = new DatabaseSync(path)
  const { users, tokens } = rows(new Date())
  db.exec('begin')
  const user = db.prepare(`${USER_INSERT}(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  for (const row of users) user.run(...(row.map((v) => (typeof v === 'boolean' ? Number(v) : v)) as never[]))
  const token = db.prepare(`${TOKEN_INSERT}(?, ?, ?, ?, ?, ?)`)
  for (const row of tokens) token.run(...(row as never[]))
  db.exec('commit')
  db.close()
  return [path, `sqlite:${join(dir, 'latchkey.sqlite')}`] as const
}

async function postgres(schema: string, lkSchema: string) {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  await client.query(`create schema ${schema}`)
  const url = new URL(PG_URL)
  await migrateDjango({
    DJANGO_SECRET_KEY: 'bench',
    DJANGO_DATABASE: 'postgres',
    DJANGO_PG_SCHEMA: schema,
    DJANGO_PG_NAME: url.pathname.slice(1),
    DJANGO_PG_HOST: url.hostname,
    DJANGO_PG_USER: url.username,
  })
  await client.query(`set search_path to ${schema}`)
  const { users, tokens } = rows(new Date())
  for (let i = 0; i < users.length; i += 1000) {
    const batch = users.slice(i, i + 1000)
    const params = batch.flat()
    const placeholders = batch.map(
      (_, r) => `(${Array.from({ length: 11 }, (_, c) => `$${r * 11 + c + 1}`).join(',')})`,
    )
    await client.query(USER_INSERT + placeholders.join(','), params)
  }
  for (let i = 0; i < tokens.length; i += 1000) {
    const batch = tokens.slice(i, i + 1000)
    const placeholders = batch.map(
      (_, r) => `(${Array.from({ length: 6 }, (_, c) => `$${r * 6 + c + 1}`).join(',')})`,
    )
    await client.query(TOKEN_INSERT + placeholders.join(','), batch.flat())
  }
  await client.end()
  const from = new URL(PG_URL)
  from.searchParams.set('schema', schema)
  const to = new URL(PG_URL)
  to.searchParams.set('schema', lkSchema)
  return [from.toString(), to.toString()] as const
}

async function loginCost() {
  // OWASP argon2id (Latchkey's default) against Django 3.2's and 5.1's pbkdf2_sha256, one verification each.
  const hasher = createPasswordHasher({ memoryCost: 19456, timeCost: 2, parallelism: 1, concurrency: 1 })
  const native = await hasher.hash('pw')
  // Median CPU time of the process (hashing runs on libuv's threads), in ms: independent of the machine's load.
  const time = async (f: () => Promise<unknown>) => {
    const samples: number[] = []
    for (let i = 0; i < 15; i++) {
      const start = process.cpuUsage()
      await f()
      const used = process.cpuUsage(start)
      samples.push((used.user + used.system) / 1000)
    }
    return samples.sort((a, b) => a - b)[7] ?? 0
  }
  const django32 = 'pbkdf2_sha256$260000$seasalt$x'
  const django51 = 'pbkdf2_sha256$870000$seasalt$x'
  const hardened = createPasswordHasher(
    { memoryCost: 19456, timeCost: 2, parallelism: 1, concurrency: 1 },
    django51,
  )
  return {
    'argon2id (native login)': await time(() => hasher.verify(native, 'pw')),
    'pbkdf2_sha256 260,000 (Django 3.2 hash)': await time(() => hasher.verify(django32, 'pw')),
    'pbkdf2_sha256 870,000 (Django 5.1 hash)': await time(() => hasher.verify(django51, 'pw')),
    'argon2id hash (the upgrade after a Django-hash login)': await time(() => hasher.hash('pw')),
    'native login while 5.1 hashes remain (hardened)': await time(() => hardened.verify(native, 'wrong')),
    'unknown user while 5.1 hashes remain (hardened)': await time(() => hardened.verifyDummy('wrong')),
  }
}

const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-import-'))
const schema = `lk_bench_dj_${randomBytes(4).toString('hex')}`
const lkSchema = `lk_bench_lk_${randomBytes(4).toString('hex')}`
try {
  for (const [name, prepare] of [
    ['sqlite', () => sqlite(dir)],
    ['postgres', () => postgres(schema, lkSchema)],
  ] as const) {
    const [from, to] = await prepare()
    const first = await timeImport(to, from)
    const again = await timeImport(to, from)
    console.log(
      `${name}: ${USERS} users, first import ${(first.ms / 1000).toFixed(1)} s (import process CPU ${(first.cpuMs / 1000).toFixed(1)} s), second (nothing changed) ${(again.ms / 1000).toFixed(1)} s (CPU ${(again.cpuMs / 1000).toFixed(1)} s)`,
    )
    console.log(`  ${first.output.split('\n').join('\n  ')}`)
  }
  for (const [what, ms] of Object.entries(await loginCost())) console.log(`${what}: ${ms.toFixed(1)} ms CPU`)
} finally {
  rmSync(dir, { recursive: true, force: true })
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  await client.query(`drop schema if exists ${schema} cascade`)
  await client.query(`drop schema if exists ${lkSchema} cascade`)
  await client.end()
}
