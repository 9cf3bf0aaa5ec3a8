import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, type SpawnedServer, spawnServer } from './helpers/spawn-server.ts'

/** Cookies a client keeps between requests, as a browser's jar would for one origin. */
class Jar {
  readonly cookies = new Map<string, string>()
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = (pair ?? '').indexOf('=')
      const name = (pair ?? '').slice(0, eq)
      const value = (pair ?? '').slice(eq + 1)
      if (/Max-Age=0/.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ')
  }
}

describe('the server on a real socket (npm start)', () => {
  let dir: string
  let server: SpawnedServer
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-socket-'))
    const env = { LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'data', 'latchkey.sqlite')}` }
    server = await spawnServer(env, dir)
    const created = await runCli(
      [
        'createuser',
        '--username',
        'alice',
        '--first-name',
        'Alice',
        '--last-name',
        'Liddell',
        '--password-stdin',
      ],
      {
        ...env,
        LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'data', 'latchkey.sqlite')}`,
        LATCHKEY_SECRET_KEY: readFileSync(join(dir, 'data', 'secret_key'), 'utf8').trim(),
      },
      'correct horse battery staple\n',
    )
    assert.equal(created.code, 0, created.stderr)
  })
  after(async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('prints its URL, keeps a generated development secret, and says how to create a user', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    assert.match(server.output(), /createuser/)
    assert.ok(readFileSync(join(dir, 'data', 'secret_key'), 'utf8').trim().length >= 32)
  })

  it('walks csrf_token → login → user → refresh → logout like the README', async () => {
    const jar = new Jar()
    const call = async (
      method: string,
      path: string,
      init: { body?: string; headers?: Record<string, string> } = {},
    ) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: jar.header(), ...init.headers },
        ...(init.body !== undefined && { body: init.body }),
      })
      jar.store(response)
      return response
    }
    assert.equal((await call('GET', '/accounts/csrf_token/')).status, 200)
    const login = await call('POST', '/accounts/auth/login/', {
      body: JSON.stringify({ username: 'alice', password: 'correct horse battery staple' }),
      headers: { 'content-type': 'application/json' },
    })
    assert.equal(login.status, 200)
    assert.ok(jar.cookies.has('access_token') && jar.cookies.has('refresh_token'))
    const me = await call('GET', '/accounts/user/')
    assert.deepEqual(await me.json(), { id: 1, username: 'alice', first_name: 'Alice', last_name: 'Liddell' })
    assert.equal((await call('POST', '/accounts/auth/refresh_token/')).status, 200)
    const logout = await call('POST', '/accounts/auth/logout/', {
      headers: { 'x-csrftoken': jar.cookies.get('csrftoken') ?? '' },
    })
    assert.equal(logout.status, 200)
    assert.equal(jar.cookies.has('access_token'), false)
    assert.equal((await call('GET', '/accounts/user/')).status, 401)
  })

  it('serves the OpenAPI document and the docs UI', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string
      paths: Record<string, unknown>
    }
    assert.match(doc.openapi, /^3\./)
    for (const path of [
      '/accounts/csrf_token/',
      '/accounts/auth/login/',
      '/accounts/user/',
      '/accounts/sessions/',
    ])
      assert.ok(path in doc.paths, path)
    const docs = await fetch(`${server.url}/docs/`)
    assert.equal(docs.status, 200)
  })

  it('answers a header section over 16 KiB with a JSON 431, not a hang or a 500', async () => {
    const { port, hostname } = new URL(server.url)
    const status = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = request(
        { host: hostname, port, path: '/accounts/user/', headers: { cookie: `x=${'a'.repeat(20_000)}` } },
        (res) => {
          let body = ''
          res.on('data', (c) => {
            body += String(c)
          })
          res.on('end', () => resolve({ status: res.statusCode, body }))
        },
      )
      req.on('error', reject)
      req.end()
    })
    assert.equal(status.status, 431)
    assert.equal(JSON.parse(status.body).code, 'header_too_large')
  })

  it('on SIGTERM finishes the requests in flight, then exits with code 0', async () => {
    // Logins take a password hash each (about 10 ms at OWASP cost): some are still running when the signal lands.
    const logins = Array.from({ length: 12 }, () =>
      fetch(`${server.url}/accounts/auth/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: 'correct horse battery staple' }),
      }).then((res) => res.status),
    )
    await new Promise((resolve) => setTimeout(resolve, 15))
    const exit = server.stop('SIGTERM')
    const statuses = await Promise.all(logins)
    // No connection is reset and nothing fails: requests in flight finish (200); any that arrive after the signal
    // on a kept-alive connection are told to go elsewhere (503 with Connection: close).
    assert.ok(
      statuses.every((status) => status === 200 || status === 503),
      String(statuses),
    )
    assert.ok(statuses.includes(200), String(statuses))
    assert.equal(await exit, 0)
  })
})
