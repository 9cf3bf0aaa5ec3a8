import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { TEST_DATABASE_URL } from './postgres.ts'

const run = promisify(execFile)
const PROJECT = join(import.meta.dirname, '..', 'django-reference')
/** Debian's interpreter, where python3-django and the DRF packages live (not a pyenv or venv one). */
const PYTHON = '/usr/bin/python3'

/** Why the reference cannot run here, or undefined when Debian's Django and DRF packages are installed. */
export async function djangoUnavailable(): Promise<string | undefined> {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`
  try {
    await run(PYTHON, [
      '-c',
      'import django, rest_framework, rest_framework_simplejwt, corsheaders, argon2, bcrypt',
    ])
    return undefined
  } catch {
    return 'Debian packages python3-django, python3-djangorestframework(-simplejwt), python3-django-cors-headers, python3-argon2, python3-bcrypt missing (.ci/run installs them)'
  }
}

export interface DjangoReference {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** What `latchkey import-django --from` takes for this database. */
  readonly from: string
  /** Runs Python with Django set up on this database (`django.setup()` already done), e.g. to change a user. */
  python(code: string): Promise<string>
  stop(): Promise<void>
}

/**
 * The reference (test/django-reference) on a fresh database: a SQLite file in a temporary directory, or a fresh
 * schema of the test PostgreSQL database (never `public`). Migrated, seeded with the test's users, served.
 */
export async function startDjangoReference(
  database: 'sqlite' | 'postgres',
  secretKey: string,
): Promise<DjangoReference> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-django-'))
  const schema = `lk_django_${Math.random().toString(16).slice(2, 10)}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DJANGO_SECRET_KEY: secretKey,
    PYTHONDONTWRITEBYTECODE: '1',
  }
  let from: string
  if (database === 'sqlite') {
    env.DJANGO_DATABASE = join(dir, 'db.sqlite3')
    from = env.DJANGO_DATABASE
  } else {
    const url = new URL(TEST_DATABASE_URL)
    Object.assign(env, {
      DJANGO_DATABASE: 'postgres',
      DJANGO_PG_SCHEMA: schema,
      DJANGO_PG_NAME: url.pathname.slice(1),
      DJANGO_PG_USER: decodeURIComponent(url.username),
      DJANGO_PG_HOST: url.hostname,
      DJANGO_PG_PORT: url.port || '5432',
    })
    await withPg((client) => client.query(`create schema ${schema}`))
    url.searchParams.set('schema', schema)
    from = url.toString()
  }
  const options = { cwd: PROJECT, env }
  await run(PYTHON, ['manage.py', 'migrate', '-v0'], options)
  await run(PYTHON, ['seed.py'], options)
  const server: ChildProcess = spawn(PYTHON, ['serve.py'], { ...options, stdio: ['pipe', 'pipe', 'inherit'] })
  const port = await new Promise<string>((resolve, reject) => {
    server.once('error', reject)
    server.once('exit', (code) => reject(new Error(`serve.py exited with ${code}`)))
    server.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    from,
    async python(code) {
      const prelude = 'import django\ndjango.setup()\n'
      const { stdout } = await run(PYTHON, ['-c', prelude + code], {
        ...options,
        env: { ...env, DJANGO_SETTINGS_MODULE: 'backend.settings', PYTHONPATH: PROJECT },
      })
      return stdout
    },
    async stop() {
      server.stdin?.end()
      server.kill()
      rmSync(dir, { recursive: true, force: true })
      if (database === 'postgres')
        await withPg((client) => client.query(`drop schema if exists ${schema} cascade`))
    },
  }
}

async function withPg<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
