import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { createServer, type LatchkeyServer } from '../src/server/create-server.ts'
import { configFromEnv } from '../src/server/env.ts'
import { openStores, type Stores } from '../src/server/open-stores.ts'
import { DEFAULT_LIMITS, type ServerLimits } from '../src/server/server-limits.ts'
import { FAST_HASHING, SECRET } from './helpers/test-server.ts'

interface Listening {
  readonly server: LatchkeyServer
  readonly port: number
  close(): Promise<void>
}

async function listen(limits: Partial<ServerLimits> = {}): Promise<Listening> {
  const stores: Stores = openStores('sqlite::memory:')
  await stores.migrate()
  const server = await createServer({
    options: { secretKey: SECRET, passwordHashing: FAST_HASHING },
    stores,
    limits,
  })
  const address = await server.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    server,
    port: Number(new URL(address).port),
    async close() {
      await server.app.close()
      await stores.close()
    },
  }
}

/** A raw connection that records what the server sent and when it closed. */
interface Raw {
  readonly socket: Socket
  readonly received: () => string
  readonly closed: Promise<number>
}

function open(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    let data = ''
    const socket = connect(port, '127.0.0.1')
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      data += chunk
    })
    socket.on('error', () => {})
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - started)))
    socket.once('connect', () => resolve({ socket, received: () => data, closed }))
    socket.once('error', reject)
  })
}

/** Writes one byte every `everyMs` until the socket closes (or `max` bytes). */
function trickle(socket: Socket, text: string, everyMs: number): void {
  let i = 0
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer)
    socket.write(text[i++] as string)
  }, everyMs)
  socket.once('close', () => clearInterval(timer))
}

function headerOf(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'))
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`))
  return line?.slice(name.length + 1).trim()
}

describe('bounded resources: a slow client cannot hold the server', () => {
  let s: Listening
  before(async () => {
    s = await listen({
      requestTimeoutMs: 800,
      headersTimeoutMs: 400,
      keepAliveTimeoutMs: 300,
      maxConnections: 3,
    })
  })
  after(() => s.close())

  it('cuts a body trickled one byte at a time once the request timeout has passed, with a JSON 408', async () => {
    const raw = await open(s.port)
    raw.socket.write(
      'POST /accounts/auth/login/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n',
    )
    trickle(raw.socket, '{"username":"alice","password":"'.padEnd(200, 'x'), 100)
    const elapsed = await raw.closed
    assert.ok(elapsed >= 700 && elapsed < 4000, `closed after ${elapsed} ms`)
    assert.match(raw.received(), /^HTTP\/1\.1 408 Request Timeout\r\n/)
    assert.equal(headerOf(raw.received(), 'x-frame-options'), 'DENY')
    assert.equal(headerOf(raw.received(), 'x-content-type-options'), 'nosniff')
    assert.deepEqual(JSON.parse(raw.received().slice(raw.received().indexOf('\r\n\r\n') + 4)), {
      detail: 'The request took too long to arrive.',
      code: 'request_timeout',
    })
  })

  it('cuts a request head trickled one byte at a time once the head timeout has passed', async () => {
    const raw = await open(s.port)
    trickle(raw.socket, 'GET /accounts/user/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: '.padEnd(400, 'a'), 50)
    const elapsed = await raw.closed
    assert.ok(elapsed >= 350 && elapsed < 3000, `closed after ${elapsed} ms`)
    assert.match(raw.received(), /^HTTP\/1\.1 408 /)
  })

  it('closes an idle kept-alive connection after the keep-alive timeout', async () => {
    const raw = await open(s.port)
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n')
    const elapsed = await raw.closed
    assert.match(raw.received(), /^HTTP\/1\.1 200 OK\r\n/)
    assert.ok(elapsed >= 250 && elapsed < 4000, `closed after ${elapsed} ms`)
  })

  it('closes connections past the cap at once, and serves those within it', async () => {
    const held = await Promise.all([open(s.port), open(s.port), open(s.port)])
    const extra = await open(s.port)
    const elapsed = await extra.closed
    assert.ok(elapsed < 300, `the connection past the cap closed after ${elapsed} ms`)
    assert.equal(extra.received(), '')
    const first = held[0] as Raw
    first.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')
    await first.closed
    assert.match(first.received(), /^HTTP\/1\.1 200 OK\r\n/)
    for (const raw of held) raw.socket.destroy()
  })
})

describe("the server's own 400 and 431 answers", () => {
  let s: Listening
  before(async () => {
    s = await listen()
  })
  after(() => s.close())

  for (const [name, request, status] of [
    ['a malformed request line', 'NOT HTTP AT ALL\r\n\r\n', 400],
    ['a head past 16 KiB', `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ] as const) {
    it(`carry the security headers and a JSON body: ${name} → ${status}`, async () => {
      const raw = await open(s.port)
      raw.socket.write(request)
      await raw.closed
      assert.match(raw.received(), new RegExp(`^HTTP/1\\.1 ${status} `))
      for (const [header, value] of [
        ['x-frame-options', 'DENY'],
        ['x-content-type-options', 'nosniff'],
        ['referrer-policy', 'same-origin'],
        ['cross-origin-opener-policy', 'same-origin'],
        ['content-type', 'application/json; charset=utf-8'],
      ])
        assert.equal(headerOf(raw.received(), header as string), value, header)
    })
  }
})

describe('the limits are configured, with finite defaults', () => {
  it('a server built without limits still bounds the request, its head and the connections', async () => {
    const s = await listen()
    try {
      assert.equal(s.server.app.server.requestTimeout, DEFAULT_LIMITS.requestTimeoutMs)
      assert.equal(s.server.app.server.headersTimeout, DEFAULT_LIMITS.headersTimeoutMs)
      assert.equal(s.server.app.server.keepAliveTimeout, DEFAULT_LIMITS.keepAliveTimeoutMs)
      assert.equal(s.server.app.server.maxConnections, DEFAULT_LIMITS.maxConnections)
      assert.ok(DEFAULT_LIMITS.requestTimeoutMs > 0 && DEFAULT_LIMITS.requestTimeoutMs <= 60_000)
    } finally {
      await s.close()
    }
  })

  it('reads LATCHKEY_REQUEST_TIMEOUT, _HEADERS_TIMEOUT, _KEEP_ALIVE_TIMEOUT and _MAX_CONNECTIONS', () => {
    const config = configFromEnv(
      {
        LATCHKEY_SECRET_KEY: SECRET,
        LATCHKEY_REQUEST_TIMEOUT: '20s',
        LATCHKEY_HEADERS_TIMEOUT: '5s',
        LATCHKEY_KEEP_ALIVE_TIMEOUT: '65s',
        LATCHKEY_MAX_CONNECTIONS: '500',
      },
      process.cwd(),
    )
    assert.deepEqual(config.limits, {
      requestTimeoutMs: 20_000,
      headersTimeoutMs: 5000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 500,
    })
    assert.deepEqual(configFromEnv({ LATCHKEY_SECRET_KEY: SECRET }, process.cwd()).limits, DEFAULT_LIMITS)
  })

  for (const [env, problem] of [
    [{ LATCHKEY_REQUEST_TIMEOUT: 'forever' }, /^LATCHKEY_REQUEST_TIMEOUT: 'forever' is not a duration/m],
    [{ LATCHKEY_REQUEST_TIMEOUT: '0s' }, /^LATCHKEY_REQUEST_TIMEOUT: must be greater than zero/m],
    [{ LATCHKEY_MAX_CONNECTIONS: 'many' }, /^LATCHKEY_MAX_CONNECTIONS: 'many' is not a whole number/m],
    [
      { LATCHKEY_REQUEST_TIMEOUT: '5s', LATCHKEY_HEADERS_TIMEOUT: '10s' },
      /^LATCHKEY_HEADERS_TIMEOUT: must not be longer than LATCHKEY_REQUEST_TIMEOUT/m,
    ],
  ] as const) {
    it(`refuses ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => configFromEnv({ LATCHKEY_SECRET_KEY: SECRET, ...env }, process.cwd()),
        (error: Error) => problem.test(error.message.replace(/^ {2}- /gm, '')),
      )
    })
  }
})
