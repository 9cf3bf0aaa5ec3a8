import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createServer, type LatchkeyServer } from '../src/server/create-server.ts'
import { openStores, type Stores } from '../src/server/open-stores.ts'
import { FAST_HASHING, SECRET } from './helpers/test-server.ts'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0'
/** Nothing listens here (a port of this suite's own range), so Redis is down from the start. */
const DEAD_REDIS_URL = 'redis://127.0.0.1:18999/0'

async function serverWith(redisUrl?: string): Promise<{ server: LatchkeyServer; stores: Stores }> {
  const stores = openStores('sqlite::memory:')
  await stores.migrate()
  const server = await createServer({
    options: { secretKey: SECRET, passwordHashing: FAST_HASHING, allowedHosts: ['api.example.com'] },
    stores,
    ...(redisUrl !== undefined && { redisUrl }),
  })
  return { server, stores }
}

describe('health for load balancers', () => {
  let s: { server: LatchkeyServer; stores: Stores }
  before(async () => {
    s = await serverWith(REDIS_URL)
    // The Redis connection opens in the background: wait (at most 5 s) until it answers.
    const deadline = Date.now() + 5000
    while (Date.now() < deadline) {
      const ready = await s.server.app.inject({ url: '/readyz', headers: { host: 'api.example.com' } })
      if ((ready.json() as { redis: string }).redis === 'ok') break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })
  after(async () => {
    await s.server.app.close()
    await s.stores.close()
  })

  it('/healthz and /readyz answer a probe that sends the instance address as Host, under allowed hosts', async () => {
    for (const host of ['10.0.3.17:8000', '10.0.3.17', '[fd00::17]:8000', 'ip-10-0-3-17.internal']) {
      const alive = await s.server.app.inject({ url: '/healthz', headers: { host } })
      assert.equal(alive.statusCode, 200, `/healthz with Host ${host}`)
      assert.deepEqual(alive.json(), { status: 'ok' })
      const ready = await s.server.app.inject({ url: '/readyz', headers: { host } })
      assert.equal(ready.statusCode, 200, `/readyz with Host ${host}`)
      assert.deepEqual(ready.json(), { status: 'ready', database: 'ok', redis: 'ok' })
      assert.equal(ready.headers['x-content-type-options'], 'nosniff', 'the security headers still apply')
    }
  })

  it('the API itself still refuses those hosts', async () => {
    const res = await s.server.app.inject({
      url: '/accounts/csrf_token/',
      headers: { host: '10.0.3.17:8000' },
    })
    assert.equal(res.statusCode, 400)
    const page = await s.server.app.inject({ url: '/', headers: { host: '10.0.3.17:8000' } })
    assert.equal(page.statusCode, 400)
  })
})

describe('/readyz is 503 only when the instance cannot do its job', () => {
  it('Redis down: 200 with "status":"degraded" and redis "down"', async () => {
    const { server, stores } = await serverWith(DEAD_REDIS_URL)
    try {
      const ready = await server.app.inject({ url: '/readyz', headers: { host: 'api.example.com' } })
      assert.equal(ready.statusCode, 200)
      assert.deepEqual(ready.json(), { status: 'degraded', database: 'ok', redis: 'down' })
    } finally {
      await server.app.close()
      await stores.close()
    }
  })

  it('the database down: 503 naming it, with Retry-After', async () => {
    const { server, stores } = await serverWith()
    try {
      await stores.close()
      const ready = await server.app.inject({ url: '/readyz', headers: { host: '10.0.3.17' } })
      assert.equal(ready.statusCode, 503)
      assert.equal(ready.headers['retry-after'], '5')
      assert.deepEqual(ready.json(), {
        detail: 'The database is unavailable.',
        code: 'service_unavailable',
        database: 'down',
        redis: 'absent',
      })
      assert.equal((await server.app.inject({ url: '/healthz' })).statusCode, 200, 'alive all the same')
    } finally {
      await server.app.close()
    }
  })

  it('draining after SIGTERM: 503, whatever the dependencies say', async () => {
    const { server, stores } = await serverWith()
    try {
      await server.app.listen({ host: '127.0.0.1', port: 0 })
      const shutdown = server.shutdown({ drainMs: 300 })
      const ready = await server.app.inject({ url: '/readyz', headers: { host: '10.0.3.17' } })
      assert.equal(ready.statusCode, 503)
      assert.equal((ready.json() as { detail: string }).detail, 'The server is shutting down.')
      await shutdown
    } finally {
      await stores.close()
    }
  })
})
