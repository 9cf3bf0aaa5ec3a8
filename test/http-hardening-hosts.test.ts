import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { toWebHandler } from '../src/adapters/web/index.ts'
import { createLatchkey } from '../src/core/create-latchkey.ts'
import type { ConfigError } from '../src/core/options.ts'
import { createServer } from '../src/server/create-server.ts'
import { configFromEnv, DEVELOPMENT_HOSTS } from '../src/server/env.ts'
import { openStores } from '../src/server/open-stores.ts'
import type { TrustProxy } from '../src/server/trust-proxy.ts'
import { FAST_HASHING, loginAs, SECRET, startTestServer, type TestServer } from './helpers/test-server.ts'

const STRONG_SECRET = 'Zq3xV8pL2mK9wR4tY7uE1oI6aS5dF0gH-jNcBvXz_QwErTy'

/** Sends one raw request (so that headers can repeat and targets take any form) and returns the status line and body. */
function rawRequest(port: number, text: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let data = ''
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      data += chunk
    })
    socket.on('error', reject)
    socket.on('close', () =>
      resolve({ status: Number(data.slice(9, 12)), body: data.slice(data.indexOf('\r\n\r\n') + 4) }),
    )
  })
}

describe('ambiguous headers and request targets', () => {
  let server: TestServer
  let port: number
  let access: string
  before(async () => {
    server = await startTestServer({ allowedHosts: ['localhost', '127.0.0.1'] })
    port = Number(new URL(await server.app.listen({ host: '127.0.0.1', port: 0 })).port)
    access = (await loginAs(server.app)).access
  })
  after(() => server.close())

  it('answers two Host headers with 400, whichever comes first (RFC 9112 §3.2)', async () => {
    for (const hosts of [
      ['localhost', 'evil.example'],
      ['evil.example', 'localhost'],
      ['localhost', 'localhost'],
    ]) {
      const res = await rawRequest(
        port,
        `GET /accounts/csrf_token/ HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join('')}Connection: close\r\n\r\n`,
      )
      assert.equal(res.status, 400, hosts.join(' + '))
      assert.deepEqual(JSON.parse(res.body), {
        detail: 'Bad Request (400): more than one Host header.',
        code: 'bad_request',
      })
    }
  })

  it('answers two Authorization headers with 400 rather than using the first', async () => {
    const res = await rawRequest(
      port,
      `GET /accounts/user/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${access}\r\nAuthorization: Bearer forged\r\nConnection: close\r\n\r\n`,
    )
    assert.equal(res.status, 400)
    assert.equal((JSON.parse(res.body) as { code: string }).code, 'bad_request')
    const single = await rawRequest(
      port,
      `GET /accounts/user/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${access}\r\nConnection: close\r\n\r\n`,
    )
    assert.equal(single.status, 200)
  })

  it('checks the host of an absolute-form target against the allowed hosts (RFC 9112 §3.2.2)', async () => {
    const res = await rawRequest(
      port,
      'GET http://evil.example/accounts/user/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    )
    assert.equal(res.status, 400)
    assert.deepEqual(JSON.parse(res.body), {
      detail: 'Bad Request (400): invalid Host header.',
      code: 'bad_request',
    })
    const allowed = await rawRequest(
      port,
      'GET http://localhost/accounts/csrf_token/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    )
    assert.notEqual(allowed.status, 400)
  })

  it('refuses two Authorization lines joined by a Fetch API host, through the web adapter', async () => {
    const stores = openStores('sqlite::memory:')
    await stores.migrate()
    const web = toWebHandler(
      await createLatchkey({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores),
    )
    try {
      const headers = new Headers()
      headers.append('authorization', `Bearer ${access}`)
      headers.append('authorization', 'Bearer forged')
      const res = await web.fetch(new Request('http://localhost/accounts/user/', { headers }))
      assert.equal(res.status, 400)
      assert.equal(((await res.json()) as { code: string }).code, 'bad_request')
      const own = await web.authenticate(new Request('http://localhost/api/notes', { headers }))
      assert.equal(own.ok, false)
      assert.equal(!own.ok && own.response.status, 400)
    } finally {
      await stores.close()
    }
  })
})

describe('allowed hosts by environment', () => {
  const production = {
    NODE_ENV: 'production',
    LATCHKEY_SECRET_KEY: STRONG_SECRET,
    LATCHKEY_COOKIE_SECURE: 'true',
  }

  it('production without LATCHKEY_ALLOWED_HOSTS refuses to start, naming the variable', () => {
    assert.throws(
      () => configFromEnv(production, '/nonexistent'),
      (error: ConfigError) =>
        error.problems.some((p) => /^LATCHKEY_ALLOWED_HOSTS: production requires the host names/.test(p)),
    )
    const config = configFromEnv({ ...production, LATCHKEY_ALLOWED_HOSTS: 'api.example.com' }, '/nonexistent')
    assert.deepEqual(config.options.allowedHosts, ['api.example.com'])
  })

  it('the library refuses production options without allowedHosts too', async () => {
    const stores = openStores('sqlite::memory:')
    try {
      await assert.rejects(
        createLatchkey(
          {
            secretKey: STRONG_SECRET,
            production: true,
            cookies: { secure: true },
            csrf: { cookieSecure: true },
          },
          stores,
        ),
        (error: ConfigError) => error.problems.some((p) => p.startsWith('allowedHosts: production requires')),
      )
    } finally {
      await stores.close()
    }
  })

  it('development without it answers the local names only, as Django does with DEBUG on', async () => {
    const config = configFromEnv({ LATCHKEY_SECRET_KEY: SECRET }, '/nonexistent')
    assert.deepEqual(config.options.allowedHosts, DEVELOPMENT_HOSTS)
    const stores = openStores('sqlite::memory:')
    await stores.migrate()
    const server = await createServer({
      options: { ...config.options, passwordHashing: FAST_HASHING },
      stores,
    })
    try {
      for (const [host, status] of [
        ['localhost:8000', 200],
        ['127.0.0.1:8000', 200],
        ['[::1]:8000', 200],
        ['app.localhost', 200],
        ['api.example.com', 400],
        ['192.168.1.20:8000', 400],
      ] as const) {
        const res = await server.app.inject({ url: '/accounts/csrf_token/', headers: { host } })
        assert.equal(res.statusCode, status, host)
      }
    } finally {
      await server.app.close()
      await stores.close()
    }
  })
})

describe('LATCHKEY_TRUST_PROXY: the client is the rightmost address no trusted proxy vouches for', () => {
  /** The client address Latchkey records for a login sent by `peer` with this X-Forwarded-For. */
  async function clientIp(trustProxy: TrustProxy | undefined, peer: string, forwarded: string) {
    const base = await startTestServer()
    const server = await createServer({
      options: { secretKey: SECRET, passwordHashing: FAST_HASHING },
      stores: base.stores,
      ...(trustProxy !== undefined && { trustProxy }),
    })
    try {
      const { access } = await loginAs(server.app)
      const login = await server.app.inject({
        method: 'POST',
        url: '/accounts/auth/login/',
        payload: { username: 'alice', password: 'correct horse battery staple' },
        remoteAddress: peer,
        headers: { 'x-forwarded-for': forwarded },
      })
      assert.equal(login.statusCode, 200)
      const list = await server.app.inject({
        url: '/accounts/sessions/',
        headers: { authorization: `Bearer ${access}` },
      })
      const ips = (list.json() as { ip: string; current: boolean }[])
        .filter((s) => !s.current)
        .map((s) => s.ip)
      return ips[0]
    } finally {
      await server.app.close()
      await base.close()
    }
  }

  it('one proxy that appends: the address it saw, not the one the client wrote', async () => {
    assert.equal(await clientIp(1, '10.0.0.2', '6.6.6.6, 203.0.113.7'), '203.0.113.7')
  })

  it('two proxies: the address the outer one saw', async () => {
    assert.equal(await clientIp(2, '10.0.0.2', '6.6.6.6, 203.0.113.7, 10.0.0.9'), '203.0.113.7')
  })

  it("the proxies' addresses: the rightmost address that is not one of them", async () => {
    assert.equal(await clientIp(['10.0.0.0/8'], '10.0.0.2', '6.6.6.6, 203.0.113.7, 10.0.0.9'), '203.0.113.7')
    assert.equal(await clientIp(['10.0.0.0/8'], '192.0.2.50', '6.6.6.6'), '192.0.2.50', 'an untrusted peer')
  })

  it('true is one proxy, never "believe the leftmost"', async () => {
    assert.equal(await clientIp(true, '10.0.0.2', '6.6.6.6, 203.0.113.7'), '203.0.113.7')
  })

  it('reads a number of proxies or their addresses from the variable, and refuses true', () => {
    const read = (value: string) =>
      configFromEnv({ LATCHKEY_SECRET_KEY: SECRET, LATCHKEY_TRUST_PROXY: value }, '/nonexistent').trustProxy
    assert.equal(read('2'), 2)
    assert.equal(read('0'), false)
    assert.equal(read('false'), false)
    assert.deepEqual(read('10.0.0.0/8, 192.0.2.1'), ['10.0.0.0/8', '192.0.2.1'])
    assert.throws(() => read('true'), /LATCHKEY_TRUST_PROXY: 'true' is not .*not 'true': say how many/)
  })
})
