import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type Instance, me, startInstance, within } from './helpers/cluster.ts'
import { setCookies } from './helpers/cookies.ts'
import { useInstancePair } from './helpers/instance-pair.ts'
import { openPostgresTestStores, TEST_DATABASE_URL } from './helpers/postgres.ts'
import { TcpProxy } from './helpers/tcp-proxy.ts'
import { ALICE, cookieAuth, injectOf, loginAs } from './helpers/test-server.ts'

async function seedAlice(instance: Instance): Promise<void> {
  await instance.core.users.create(
    {
      username: ALICE.username,
      passwordHash: await instance.core.hasher.hash(ALICE.password),
      firstName: 'Alice',
    },
    Date.now(),
  )
}

/** Alice logs in on `instance` from `ip`: each test its own address, so no test's login limits refuse another's. */
const login = (instance: Instance, ip = '127.0.0.1') => loginAs({ inject: injectOf(instance.app, ip) })

describe('instances sharing PostgreSQL and Redis', () => {
  const pair = useInstancePair((host, port) => new TcpProxy(host, port), {
    revocationPollMs: 500,
    options: { loginLimits: { perUserAndIp: '4/1m' } },
  })
  before(() => seedAlice(pair.a))

  it('a logout on A refuses the access and refresh tokens on B within one second', async () => {
    const { a, b } = pair
    const alice = await login(a)
    assert.equal((await me(b, alice.access)).statusCode, 200)
    const out = await a.app.inject({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers: cookieAuth({ refresh_token: alice.refresh }, alice.csrf),
    })
    assert.equal(out.statusCode, 200)
    const took = await within(1000, async () => (await me(b, alice.access)).statusCode === 401)
    assert.ok(took < 1000, `took ${took} ms`)
    const refresh = await b.app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${alice.refresh}` },
    })
    assert.equal(refresh.statusCode, 401)
  })

  it('counts login failures across instances: the limit is N in total', async () => {
    const { a, b } = pair
    for (let i = 0; i < 4; i++) {
      const target = i % 2 === 0 ? a : b
      await target.app.inject({
        method: 'POST',
        url: '/accounts/auth/login/',
        payload: { username: 'alice', password: `bad-${i}` },
        remoteAddress: '10.9.0.1',
      })
    }
    const res = await b.app.inject({
      method: 'POST',
      url: '/accounts/auth/login/',
      payload: ALICE,
      remoteAddress: '10.9.0.1',
    })
    assert.equal(res.statusCode, 429)
  })

  it('with Redis unreachable, a revocation still reaches the other instance (database fallback) and limits go per-instance', async () => {
    const { a, b, proxy: redisProxy } = pair
    const alice = await login(a, '10.8.0.1')
    redisProxy.cut()
    try {
      const out = await a.app.inject({
        method: 'POST',
        url: '/accounts/auth/logout/',
        headers: cookieAuth({ refresh_token: alice.refresh }, alice.csrf),
      })
      assert.equal(out.statusCode, 200)
      await within(3000, async () => (await me(b, alice.access)).statusCode === 401)
      // Logins keep working without the shared counters.
      const again = await b.app.inject({
        method: 'POST',
        url: '/accounts/auth/login/',
        payload: ALICE,
        remoteAddress: '10.8.0.2',
      })
      assert.equal(again.statusCode, 200)
      for (let i = 0; i < 4; i++)
        await a.app.inject({
          method: 'POST',
          url: '/accounts/auth/login/',
          payload: { username: 'alice', password: `x-${i}` },
          remoteAddress: '10.8.0.3',
        })
      const limited = await a.app.inject({
        method: 'POST',
        url: '/accounts/auth/login/',
        payload: ALICE,
        remoteAddress: '10.8.0.3',
      })
      assert.equal(limited.statusCode, 429, 'per-instance limits still hold')
      const ready = await a.app.inject({ method: 'GET', url: '/readyz' })
      assert.equal(ready.statusCode, 200, 'Redis is optional: the instance stays in rotation')
      assert.equal(ready.json().status, 'degraded')
      assert.equal(ready.json().redis, 'down')
    } finally {
      redisProxy.restore()
    }
    await within(
      5000,
      async () => (await a.app.inject({ method: 'GET', url: '/readyz' })).json().redis === 'ok',
    )
  })

  it('20 concurrent refreshes of one token spread over A and B all get one successor', async () => {
    const { a, b } = pair
    const alice = await login(a, '10.7.0.1')
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).app.inject({
          method: 'POST',
          url: '/accounts/auth/refresh_token/',
          headers: { cookie: `refresh_token=${alice.refresh}` },
        }),
      ),
    )
    for (const res of answers) assert.equal(res.statusCode, 200, res.body)
    assert.equal(new Set(answers.map((r) => setCookies(r.headers).get('refresh_token')?.value)).size, 1)
  })
})

describe('database loss', () => {
  let schemaStores: Awaited<ReturnType<typeof openPostgresTestStores>>
  let pgProxy: TcpProxy
  let instance: Instance

  before(async () => {
    schemaStores = await openPostgresTestStores(2)
    const pg = new URL(TEST_DATABASE_URL)
    pgProxy = new TcpProxy(pg.hostname, Number(pg.port || 5432))
    const port = await pgProxy.start()
    pg.host = `127.0.0.1:${port}`
    instance = await startInstance({ databaseUrl: pg.toString(), schema: schemaStores.schema })
    await seedAlice(instance)
  })
  after(async () => {
    pgProxy.restore()
    await instance.close()
    await pgProxy.stop()
    await schemaStores.close()
  })

  it('answers login, refresh and logout with 503 service_unavailable, keeps authenticated GETs working, and reports no logout that was not stored', async () => {
    const alice = await login(instance)
    assert.equal((await me(instance, alice.access)).statusCode, 200)
    pgProxy.cut()
    try {
      const loginRes = await instance.app.inject({
        method: 'POST',
        url: '/accounts/auth/login/',
        payload: ALICE,
      })
      assert.equal(loginRes.statusCode, 503)
      assert.equal(loginRes.json().code, 'service_unavailable')
      assert.ok(loginRes.headers['retry-after'])
      const refresh = await instance.app.inject({
        method: 'POST',
        url: '/accounts/auth/refresh_token/',
        headers: { cookie: `refresh_token=${alice.refresh}` },
      })
      assert.equal(refresh.statusCode, 503)
      const out = await instance.app.inject({
        method: 'POST',
        url: '/accounts/auth/logout/',
        headers: cookieAuth({ refresh_token: alice.refresh }, alice.csrf),
      })
      assert.equal(out.statusCode, 503)
      assert.equal(
        out.headers['set-cookie'],
        undefined,
        'cookies are not cleared for a logout that did not happen',
      )
      assert.equal((await me(instance, alice.access)).statusCode, 200)
      assert.equal((await instance.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503)
      assert.equal((await instance.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
    } finally {
      pgProxy.restore()
    }
    const after = await instance.app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: { cookie: `refresh_token=${alice.refresh}` },
    })
    assert.equal(after.statusCode, 200, 'the session outlived the outage')
  })
})
