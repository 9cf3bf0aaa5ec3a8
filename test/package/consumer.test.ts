import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  consumerEnv,
  copyFixtures,
  npmInstall,
  type Packed,
  pack,
  ROOT,
  repoVersion,
  run,
  runOk,
  start,
  TOOLS,
  writeJson,
} from './consumer-app.ts'
import { walkSession } from './session-walk.ts'

/**
 * The framework apps run from the installed package, one per adapter: each fixture listens on port 0, prints
 * `listening <url>`, has user alice and protects `GET /api/notes`; `copy` names the files each app needs, `install`
 * the framework packages (optional peers: the consumer installs them).
 */
const FRAMEWORK_APPS: readonly { framework: string; copy: readonly string[]; install: readonly string[] }[] =
  [
    { framework: 'fastify', copy: ['fastify-app.js', 'latchkey-with-alice.js'], install: ['fastify'] },
    { framework: 'express', copy: ['express-app.js', 'latchkey-with-alice.js'], install: ['express'] },
    {
      framework: 'hono',
      copy: ['hono-app.js', 'latchkey-with-alice.js'],
      install: ['hono', '@hono/node-server'],
    },
  ]

/** What a TypeScript consumer of `latchkey/express` installs beside it (Express ships no types of its own). */
const TYPES = ['@types/node', '@types/express']

/** The optional peer dependencies (database drivers) that the subpaths importing them need. */
const DRIVERS = ['pg', 'ioredis']

const ALICE = { username: 'alice', password: 'correct horse battery staple' }
const SECRET_KEY = 'a-consumer-test-secret-that-is-long-enough-0123456789'
/** Packing and installing take seconds from npm's cache; a registry that does not answer fails the suite in time. */
const HOOK = { timeout: 120_000 }

describe('the npm package, installed into a fresh app', () => {
  let work: string
  /** A folder where only latchkey was installed, as `npm install latchkey` in an empty folder. */
  let bare: string
  /** A folder with the frameworks, the drivers and the Node types beside it, and the consumer's code. */
  let app: string
  let packed: Packed

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'latchkey-consumer-'))
    bare = join(work, 'bare')
    app = join(work, 'app')
    packed = await pack(work)
    const frameworks = FRAMEWORK_APPS.flatMap((entry) => entry.install)
    const installs = [
      { folder: bare, specs: [packed.tarball] },
      {
        folder: app,
        specs: [packed.tarball, ...[...frameworks, ...DRIVERS, ...TYPES].map(repoVersion)],
      },
    ]
    await Promise.all(
      installs.map(async ({ folder, specs }) => {
        mkdirSync(folder)
        writeJson(join(folder, 'package.json'), { name: 'consumer', private: true, type: 'module' })
        await npmInstall(folder, specs)
      }),
    )
    copyFixtures(app, [
      ...new Set(FRAMEWORK_APPS.flatMap((entry) => entry.copy)),
      'typed-server.ts',
      'browser-page.ts',
      'tsconfig.nodenext.json',
      'tsconfig.bundler.json',
      'tsconfig.browser.json',
    ])
  }, HOOK)
  after(() => rmSync(work, { recursive: true, force: true }))

  it('ships compiled JavaScript, declarations, the README and the LICENSE, and nothing else', (t) => {
    t.diagnostic(
      `tarball: ${(packed.size / 1000).toFixed(1)} kB packed, ${(packed.unpackedSize / 1000).toFixed(1)} kB ` +
        `unpacked, ${packed.files.length} files`,
    )
    const stray = packed.files.filter(
      (file) => !/^(dist\/.+\.(js|d\.ts|html|css|svg)|README\.md|LICENSE|package\.json)$/.test(file),
    )
    assert.deepEqual(stray, [])
    assert.deepEqual(
      packed.files.filter((file) => /\.test\.|^(src|test|bench|\.ci)\//.test(file)),
      [],
    )
    for (const required of ['LICENSE', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js'])
      assert.ok(packed.files.includes(required), required)
  })

  it('installs no database driver and no framework other than the server’s own Fastify', () => {
    for (const optional of [...DRIVERS, 'express', 'hono', '@types/express'])
      assert.equal(existsSync(join(bare, 'node_modules', optional)), false, optional)
    assert.ok(existsSync(join(bare, 'node_modules', 'fastify')), 'fastify, the server’s peer, is installed')
    assert.equal(existsSync(join(bare, 'node_modules', 'node')), false, 'no Node binary comes along')
  })

  it('runs the CLI from node_modules/.bin: --help, migrate, createuser, then serve on SQLite', async () => {
    const npx = (args: readonly string[], input?: string) =>
      run('npx', ['--no-install', 'latchkey', ...args], { cwd: bare, ...(input !== undefined && { input }) })
    const help = await npx(['--help'])
    assert.equal(help.code, 0, help.stderr)
    assert.match(help.stdout, /Usage: latchkey <command>/)
    const migrated = await npx(['migrate'])
    assert.equal(migrated.code, 0, migrated.stderr)
    assert.match(migrated.stdout, /Migrations applied/)
    assert.ok(existsSync(join(bare, 'data', 'latchkey.sqlite')))
    const created = await npx(
      ['createuser', '--username', ALICE.username, '--password-stdin'],
      `${ALICE.password}\n`,
    )
    assert.equal(created.code, 0, created.stderr)

    const server = await start('npx', ['--no-install', 'latchkey', 'serve'], {
      cwd: bare,
      env: consumerEnv({ LATCHKEY_PORT: '0', LATCHKEY_LOG_LEVEL: 'info' }),
      marker: /serving on/,
    })
    try {
      await walkSession(server.url, ALICE)
      const client = await fetch(`${server.url}/client.js`)
      assert.equal(client.status, 200, 'the demo serves the compiled browser client')
      assert.match(
        await client.text(),
        /export \{ createAuthClient \} from ['"]\/client\/create-auth-client\.js['"]/,
      )
      assert.equal((await fetch(`${server.url}/docs/`)).status, 200, 'the docs UI')
      const admin = await fetch(`${server.url}/admin/`)
      assert.equal(admin.status, 200, 'the admin page')
      assert.match(await admin.text(), /admin\.js/)
      const adminScript = await fetch(`${server.url}/admin/admin.js`)
      assert.equal(adminScript.status, 200, 'the admin page serves its compiled module')
      assert.equal((await fetch(`${server.url}/admin/admin.css`)).status, 200, 'the admin stylesheet')
      assert.equal((await fetch(`${server.url}/admin/ui/base.css`)).status, 200, 'the shared stylesheet')
    } finally {
      await server.stop()
    }
  })

  // The checks below are independent of each other: they run side by side.
  describe('with the frameworks, the drivers and TypeScript beside it', { concurrency: 3 }, () => {
    it('imports every subpath in exports, each with exports of its own', async () => {
      const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'latchkey', 'package.json'), 'utf8'))
      const subpaths = Object.keys(manifest.exports)
        .filter((key) => key !== './package.json')
        .map((key) => key.replace(/^\./, 'latchkey'))
      const script = `for (const s of ${JSON.stringify(subpaths)}) console.log(s, Object.keys(await import(s)).length)`
      const { stdout } = await runOk(process.execPath, ['--input-type=module', '-e', script], { cwd: app })
      const counts = new Map(
        stdout
          .trim()
          .split('\n')
          .map((line) => line.split(' ') as [string, string]),
      )
      assert.deepEqual([...counts.keys()], subpaths)
      for (const [subpath, count] of counts) assert.ok(Number(count) > 0, `${subpath} exports nothing`)
    })

    for (const { framework, copy } of FRAMEWORK_APPS) {
      it(`runs a ${framework} app: login, /accounts/user/, its own route, refresh and logout`, async () => {
        const server = await start(process.execPath, [copy[0] ?? ''], {
          cwd: app,
          env: consumerEnv({ SECRET_KEY }),
          marker: /listening/,
        })
        try {
          await walkSession(server.url, ALICE, '/api/notes')
        } finally {
          await server.stop()
        }
      })
    }

    for (const config of ['tsconfig.nodenext.json', 'tsconfig.bundler.json', 'tsconfig.browser.json']) {
      it(`type-checks a strict consumer (${config}, skipLibCheck off)`, async () => {
        const checked = await run(TOOLS.tsc, ['-p', join(app, config)], { cwd: app })
        assert.equal(checked.code, 0, checked.stdout + checked.stderr)
      })
    }

    it('bundles latchkey/client for the browser with nothing of Node and nothing else', async () => {
      const meta = join(work, 'meta.json')
      const bundle = join(work, 'page.js')
      await runOk(
        TOOLS.esbuild,
        [
          'browser-page.ts',
          '--bundle',
          '--platform=browser',
          '--format=esm',
          `--outfile=${bundle}`,
          `--metafile=${meta}`,
        ],
        { cwd: app },
      )
      const inputs = Object.keys(JSON.parse(readFileSync(meta, 'utf8')).inputs as Record<string, unknown>)
      assert.deepEqual(
        inputs.filter(
          (input) => input !== 'browser-page.ts' && !input.startsWith('node_modules/latchkey/dist/client/'),
        ),
        [],
      )
      const code = readFileSync(bundle, 'utf8')
      assert.doesNotMatch(code, /\bnode:|\brequire\(|\bprocess\.|\bBuffer\b/)
      assert.match(code, /createAuthClient/)
    })

    it('passes publint and are-the-types-wrong (ESM only: every Node in engines also require()s it)', async () => {
      const installed = join(app, 'node_modules', 'latchkey')
      const lint = await run(join(ROOT, 'node_modules', '.bin', 'publint'), ['--strict', installed], {
        cwd: work,
        env: { ...process.env, NODE_OPTIONS: '' },
      })
      assert.equal(lint.code, 0, lint.stdout + lint.stderr)
      assert.doesNotMatch(lint.stdout, /Errors|Warnings/)
      const types = await run(
        join(ROOT, 'node_modules', '.bin', 'attw'),
        [packed.tarball, '--profile', 'esm-only', '--format', 'ascii'],
        { cwd: work, env: { ...process.env, NODE_OPTIONS: '' } },
      )
      assert.equal(types.code, 0, types.stdout + types.stderr)
    })
  })
})
