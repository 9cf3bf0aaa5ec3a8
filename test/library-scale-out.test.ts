import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createLatchkey, type Latchkey } from '../src/core/create-latchkey.ts'
import { createPostgresStores } from '../src/stores/postgres/index.ts'
import { RedisRevocationBus } from '../src/stores/redis/redis-revocation-bus.ts'
import { TEST_REDIS_URL, within } from './helpers/cluster.ts'
import { setCookies } from './helpers/cookies.ts'
import type { Inject } from './helpers/host.ts'
import { openPostgresTestStores, TEST_DATABASE_URL } from './helpers/postgres.ts'
import { socketInject } from './helpers/socket-inject.ts'
import { type HostName, serveExample } from './helpers/test-hosts.ts'
import { ALICE, cookieAuth, testOptions } from './helpers/test-server.ts'

interface Embedded {
  readonly latchkey: Latchkey
  readonly inject: Inject
  close(): Promise<void>
}

/** One app embedding Latchkey (an example app), on the shared PostgreSQL schema and Redis, background work started. */
async function embed(host: Exclude<HostName, 'server'>, schema: string): Promise<Embedded> {
  const stores = createPostgresStores(TEST_DATABASE_URL, { schema, poolSize: 2 })
  const latchkey = await createLatchkey(testOptions({}), stores, {
    bus: new RedisRevocationBus(TEST_REDIS_URL),
    revocationPollMs: 1000,
  })
  await latchkey.start()
  const server = await serveExample(host, latchkey)
  return {
    latchkey,
    inject: socketInject(server.port),
    async close() {
      await server.close()
      await latchkey.stop()
      await stores.close()
    },
  }
}

describe('two embedded instances (Express and Hono apps) on one PostgreSQL and Redis', () => {
  let shared: Awaited<ReturnType<typeof openPostgresTestStores>>
  let a: Embedded
  let b: Embedded

  before(async () => {
    shared = await openPostgresTestStores(2)
    a = await embed('express', shared.schema)
    b = await embed('hono', shared.schema)
    const created = await a.latchkey.users.create(ALICE)
    assert.ok(created.ok)
  })
  after(async () => {
    await a.close()
    await b.close()
    await shared.close()
  })

  it('a logout on one is refused by the other within one second', async () => {
    const login = await a.inject({ method: 'POST', url: '/accounts/auth/login/', payload: ALICE })
    assert.equal(login.statusCode, 200)
    const cookies = setCookies(login.headers)
    const access = cookies.get('access_token')?.value ?? ''
    const refresh = cookies.get('refresh_token')?.value ?? ''
    const csrf = cookies.get('csrftoken')?.value ?? ''
    const notesOnB = () => b.inject({ url: '/api/notes', headers: { cookie: `access_token=${access}` } })
    assert.equal((await notesOnB()).statusCode, 200)
    const logout = await a.inject({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers: cookieAuth({ refresh_token: refresh }, csrf),
    })
    assert.equal(logout.statusCode, 200)
    const took = await within(1000, async () => (await notesOnB()).statusCode === 401)
    assert.ok(took < 1000)
    const refused = await notesOnB()
    assert.equal(refused.json().code, 'token_not_valid')
  })
})
