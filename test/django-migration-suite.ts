import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import pg from 'pg'
import type { Logger } from '../src/core/logger.ts'
import { createServer, type LatchkeyServer } from '../src/server/create-server.ts'
import { openStores, type Stores } from '../src/server/open-stores.ts'
import { CookieJar } from './client/helpers/cookie-jar.ts'
import { type DjangoReference, djangoUnavailable, startDjangoReference } from './helpers/django-reference.ts'
import { TEST_DATABASE_URL } from './helpers/postgres.ts'
import { FAST_HASHING } from './helpers/test-server.ts'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '..')
const SECRET = 'shared-django-and-latchkey-secret-key-0123456789'
const PASSWORDS: Readonly<Record<string, string>> = {
  admin: 'admin-local-pass',
  alice: 'correct horse battery staple',
  bob: 'bob passphrase 1',
  carol: 'bob passphrase 1'.replace('bob', 'carol'),
  dave: 'dave passphrase 1',
  frank: 'frank passphrase 1',
}
const unavailable = await djangoUnavailable()
// In CI the reference must run; on a developer machine without the Debian packages it is skipped with the reason.
const skip = unavailable !== undefined && process.env.CI !== 'true' ? unavailable : false

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/** `latchkey import-django` as an operator runs it, in its own process. */
async function importDjango(databaseUrl: string, from: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['src/cli/main.ts', 'import-django', '--from', from], {
    cwd: ROOT,
    env: { ...process.env, LATCHKEY_DATABASE_URL: databaseUrl, LATCHKEY_SECRET_KEY: SECRET },
  })
  return stdout
}

function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
}

/**
 * The whole move, on one database: the reference logs browsers in, `latchkey import-django` runs, the traffic
 * switches to Latchkey, and everything a user could notice is checked. One file per database, so they run in parallel.
 */
export function migrationSuite(database: 'sqlite' | 'postgres') {
  describe(`moving the Django reference on ${database} to Latchkey`, { skip }, () => {
    let django: DjangoReference
    let latchkeyUrl: string
    let stores: Stores
    let server: LatchkeyServer
    let base: string
    const warnings: { fields: Record<string, unknown>; message: string }[] = []
    let cleanup = async () => {}
    const jars: Record<string, CookieJar> = {}
    let carolLoggedOutRefresh = ''
    const firstImport: string[] = []

    before(async () => {
      django = await startDjangoReference(database, SECRET)
      if (database === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'latchkey-import-'))
        latchkeyUrl = `sqlite:${join(dir, 'latchkey.sqlite')}`
        cleanup = async () => rmSync(dir, { recursive: true, force: true })
      } else {
        const schema = `lk_test_${randomBytes(6).toString('hex')}`
        const url = new URL(TEST_DATABASE_URL)
        url.searchParams.set('schema', schema)
        latchkeyUrl = url.toString()
        cleanup = async () => {
          const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
          await client.connect()
          await client.query(`drop schema if exists ${schema} cascade`)
          await client.end()
        }
      }
      // Browsers logged in to Django, holding its cookies; carol then logs out (her refresh token is blacklisted).
      for (const username of ['alice', 'bob', 'carol', 'dave']) {
        const jar = new CookieJar()
        const res = await jar.fetch(
          new Request(
            `${django.url}/accounts/auth/login/`,
            json({ username, password: PASSWORDS[username] }),
          ),
        )
        assert.equal(res.status, 200, `${username} logs in to Django`)
        jars[username] = jar
      }
      const carol = jars.carol as CookieJar
      carolLoggedOutRefresh = carol.get('refresh_token') ?? ''
      const csrf = carol.get('csrftoken') ?? ''
      const logout = await carol.fetch(
        new Request(`${django.url}/accounts/auth/logout/`, {
          method: 'POST',
          headers: { 'x-csrftoken': csrf },
        }),
      )
      assert.equal(logout.status, 200, 'carol logs out of Django')

      firstImport.push(await importDjango(latchkeyUrl, django.from))

      // The switch: Latchkey serves the same origin's traffic, with the shared key and a cutover window.
      stores = openStores(latchkeyUrl)
      await stores.migrate()
      const logger: Logger = {
        info() {},
        warn: (fields, message) => warnings.push({ fields: fields as Record<string, unknown>, message }),
        error() {},
      }
      server = await createServer({
        options: {
          secretKey: SECRET,
          passwordHashing: FAST_HASHING,
          refreshGraceWindow: '0s',
          acceptLegacyTokensUntil: new Date(Date.now() + 3_600_000).toISOString(),
        },
        stores,
        logger,
      })
      await server.app.listen({ host: '127.0.0.1', port: 0 })
      const address = server.app.server.address()
      assert.ok(address !== null && typeof address === 'object')
      base = `http://127.0.0.1:${address.port}`
    })

    after(async () => {
      await server?.app.close()
      await stores?.close()
      await django?.stop()
      await cleanup()
    })

    it('imports every Django user and the two live refresh tokens, and says so', () => {
      assert.match(firstImport[0] ?? '', /8 Django users: 8 were added, 0 updated, 0 unchanged\./)
      assert.match(firstImport[0] ?? '', /1 user with Django 'md5' hashes cannot log in/)
      assert.match(firstImport[0] ?? '', /3 live refresh tokens: 3 new sessions; 1 blacklisted/)
    })

    it('keeps ids, names and flags: a Django cookie jar reads /accounts/user/ from Latchkey', async () => {
      const alice = jars.alice as CookieJar
      const res = await alice.fetch(new Request(`${base}/accounts/user/`))
      assert.equal(res.status, 200)
      assert.deepEqual(await res.json(), {
        id: 2,
        username: 'alice',
        first_name: 'Alice',
        last_name: 'Liddell',
      })
      const admin = await stores.users.findByUsername('admin')
      assert.equal(admin?.id, 1)
      assert.equal(admin?.isSuperuser, true)
      assert.equal(admin?.isStaff, true)
    })

    it('refreshes a Django refresh cookie once; from then on it is an ordinary Latchkey session', async () => {
      const alice = jars.alice as CookieJar
      const legacy = alice.get('refresh_token') ?? ''
      assert.equal(jwtPayload(legacy).sid, undefined, 'the reference issued it')
      const refresh = await alice.fetch(
        new Request(`${base}/accounts/auth/refresh_token/`, { method: 'POST' }),
      )
      assert.equal(refresh.status, 200)
      const rotated = alice.get('refresh_token') ?? ''
      const sid = jwtPayload(rotated).sid
      assert.equal(typeof sid, 'string')
      assert.equal(jwtPayload(alice.get('access_token') ?? '').sid, sid)
      assert.equal((await alice.fetch(new Request(`${base}/accounts/user/`))).status, 200)
      const sessions = await alice.fetch(new Request(`${base}/accounts/sessions/`))
      const list = (await sessions.json()) as { id: string; current: boolean }[]
      assert.deepEqual(
        list.map((s) => [s.id, s.current]),
        [[sid, true]],
      )
      assert.equal(
        (await alice.fetch(new Request(`${base}/accounts/auth/refresh_token/`, { method: 'POST' }))).status,
        200,
        'and it rotates again',
      )
    })

    it('treats a second use of the Django refresh token as a replay: the whole session is revoked', async () => {
      const bob = jars.bob as CookieJar
      const legacy = bob.get('refresh_token') ?? ''
      assert.equal(
        (await bob.fetch(new Request(`${base}/accounts/auth/refresh_token/`, { method: 'POST' }))).status,
        200,
      )
      const replay = await fetch(`${base}/accounts/auth/refresh_token/`, {
        method: 'POST',
        headers: { cookie: `refresh_token=${legacy}` },
      })
      assert.equal(replay.status, 401)
      assert.deepEqual(await replay.json(), { detail: 'Token is blacklisted', code: 'token_not_valid' })
      const after = await bob.fetch(new Request(`${base}/accounts/auth/refresh_token/`, { method: 'POST' }))
      assert.equal(after.status, 401, "the session's newest token dies with it")
    })

    it('refuses the refresh token carol logged out with in Django', async () => {
      const res = await fetch(`${base}/accounts/auth/refresh_token/`, {
        method: 'POST',
        headers: { cookie: `refresh_token=${carolLoggedOutRefresh}` },
      })
      assert.equal(res.status, 401)
      assert.deepEqual(await res.json(), { detail: 'Token is invalid or expired', code: 'token_not_valid' })
    })

    it('logs every user in with their Django password and upgrades the stored hash to argon2id', async () => {
      for (const [username, password] of Object.entries(PASSWORDS)) {
        const before = await stores.users.findByUsername(username)
        assert.ok(
          before && !before.passwordHash.startsWith('$argon2id$'),
          `${username} still has a Django hash`,
        )
        const res = await fetch(`${base}/accounts/auth/login/`, json({ username, password }))
        assert.equal(res.status, 200, `${username} logs in`)
        const after = await stores.users.findByUsername(username)
        assert.match(after?.passwordHash ?? '', /^\$argon2id\$/, `${username}'s hash is upgraded`)
      }
    })

    it('keeps unusable passwords unusable and refuses md5 hashes with a log line naming the hasher', async () => {
      const erin = await fetch(`${base}/accounts/auth/login/`, json({ username: 'erin', password: '' }))
      assert.equal(erin.status, 400)
      const erinGuess = await fetch(`${base}/accounts/auth/login/`, json({ username: 'erin', password: 'x' }))
      assert.equal(erinGuess.status, 403)
      const mallory = await fetch(
        `${base}/accounts/auth/login/`,
        json({ username: 'mallory', password: 'mallory passphrase 1' }),
      )
      assert.equal(mallory.status, 403)
      assert.ok(
        warnings.some((w) => w.fields.event === 'password_hash_unsupported' && w.fields.algorithm === 'md5'),
        JSON.stringify(warnings),
      )
    })

    it('issues tokens the Django app accepts with the shared key during the cutover', async () => {
      const jar = new CookieJar()
      const login = await jar.fetch(
        new Request(`${base}/accounts/auth/login/`, json({ username: 'dave', password: PASSWORDS.dave })),
      )
      assert.equal(login.status, 200)
      const res = await fetch(`${django.url}/accounts/user/`, {
        headers: { authorization: `Bearer ${jar.get('access_token')}` },
      })
      assert.equal(res.status, 200)
      assert.deepEqual(await res.json(), { id: 5, username: 'dave', first_name: 'Dave', last_name: '' })
    })

    it("accepts the Django csrftoken cookie: a cookie-authenticated logout passes Latchkey's CSRF check", async () => {
      const alice = jars.alice as CookieJar
      const csrf = alice.get('csrftoken') ?? ''
      // Django 4.1+ keeps the 32-character secret; Debian's 3.2 a 64-character masked token: both must work.
      assert.match(csrf, /^[A-Za-z0-9]{32}([A-Za-z0-9]{32})?$/, 'the cookie Django rotated at login')
      const refused = await alice.fetch(new Request(`${base}/accounts/auth/logout/`, { method: 'POST' }))
      assert.equal(refused.status, 403)
      const res = await alice.fetch(
        new Request(`${base}/accounts/auth/logout/`, { method: 'POST', headers: { 'x-csrftoken': csrf } }),
      )
      assert.equal(res.status, 200)
      assert.equal(alice.has('refresh_token'), false)
    })

    it('imports again safely: Django changes arrive, Latchkey upgrades survive, a third run changes nothing', async () => {
      // Between the first import and the switch, dave logged out of Django: the second import revokes his session.
      const dave = jars.dave as CookieJar
      const daveRefresh = dave.get('refresh_token') ?? ''
      const logout = await dave.fetch(
        new Request(`${django.url}/accounts/auth/logout/`, {
          method: 'POST',
          headers: { 'x-csrftoken': dave.get('csrftoken') ?? '' },
        }),
      )
      assert.equal(logout.status, 200)
      await django.python(
        [
          'from django.contrib.auth.models import User',
          "User.objects.filter(username='alice').update(last_name='Pleasance')",
          "User.objects.create_user('grace', 'grace@example.test', 'grace passphrase 1')",
        ].join('\n'),
      )
      const second = await importDjango(latchkeyUrl, django.from)
      assert.match(second, /9 Django users: 1 were added, 1 updated, 7 unchanged\./)
      assert.match(second, /2 blacklisted, 1 imported sessions revoked/)
      const refused = await fetch(`${base}/accounts/auth/refresh_token/`, {
        method: 'POST',
        headers: { cookie: `refresh_token=${daveRefresh}` },
      })
      assert.equal(refused.status, 401)
      assert.deepEqual(await refused.json(), { detail: 'Token is blacklisted', code: 'token_not_valid' })
      const alice = await stores.users.findByUsername('alice')
      assert.equal(alice?.lastName, 'Pleasance')
      assert.match(alice?.passwordHash ?? '', /^\$argon2id\$/, 'the upgrade made at login is kept')
      const grace = await stores.users.findByUsername('grace')
      assert.equal(grace?.id, 9)
      const third = await importDjango(latchkeyUrl, django.from)
      assert.match(third, /9 Django users: 0 were added, 0 updated, 9 unchanged\./)
      assert.match(third, /0 new sessions/)
      const created = await stores.users.create({ username: 'native', passwordHash: 'x' }, Date.now())
      assert.ok(
        created && created.id > 9,
        `a user created in Latchkey gets id ${created?.id}, above Django's`,
      )
    })

    it('refuses, writing nothing and naming it, when a Django id belongs to a user created in Latchkey', async () => {
      // Django's next user and the one just created in Latchkey both got id 10.
      await django.python("from django.contrib.auth.models import User\nUser.objects.create_user('newcomer')")
      await assert.rejects(
        importDjango(latchkeyUrl, django.from),
        (error: { stderr: string; code: number }) => {
          assert.equal(error.code, 1)
          assert.match(error.stderr, /refused, nothing written: 1 conflict/)
          assert.match(
            error.stderr,
            /id 10 \(Django user 'newcomer'\) belongs to 'native', a user created in Latchkey/,
          )
          return true
        },
      )
      assert.equal(await stores.users.findByUsername('newcomer'), undefined)
    })
  })
}
