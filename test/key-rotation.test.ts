import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { cryptoRandom } from '../src/core/random.ts'
import { rotateSigningKey } from '../src/core/tokens/rotate-signing-key.ts'
import { type Instance, startInstance } from './helpers/cluster.ts'
import { jwtHeader, setCookies } from './helpers/cookies.ts'
import { openPostgresTestStores, TEST_DATABASE_URL } from './helpers/postgres.ts'
import { ALICE, loginAs, startTestServer } from './helpers/test-server.ts'

describe('signing-key rotation', () => {
  let schemaStores: Awaited<ReturnType<typeof openPostgresTestStores>>
  let a: Instance
  let b: Instance
  before(async () => {
    schemaStores = await openPostgresTestStores(2)
    const common = {
      databaseUrl: TEST_DATABASE_URL,
      schema: schemaStores.schema,
      options: { keyActivationDelay: '2s' },
    }
    a = await startInstance(common)
    b = await startInstance(common)
    await a.core.users.create(
      { username: 'alice', passwordHash: await a.core.hasher.hash(ALICE.password) },
      Date.now(),
    )
  })
  after(async () => {
    await a.close()
    await b.close()
    await schemaStores.close()
  })

  it('under steady traffic across two instances produces zero false 401s, and the new key takes over', async () => {
    const failures: string[] = []
    let requests = 0
    let rotated = false
    const started = Date.now()
    let lastAccess = ''
    for (let i = 0; Date.now() - started < 6000; i++) {
      const [x, y] = i % 2 === 0 ? [a, b] : [b, a]
      if (!rotated && Date.now() - started > 1000) {
        await rotateSigningKey(a.core.keys, a.core.settings, cryptoRandom, 'EdDSA', Date.now())
        rotated = true
      }
      const login = await x.app.inject({ method: 'POST', url: '/accounts/auth/login/', payload: ALICE })
      const c = setCookies(login.headers)
      const access = c.get('access_token')?.value ?? ''
      const me = await y.app.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { authorization: `Bearer ${access}` },
      })
      const refresh = await y.app.inject({
        method: 'POST',
        url: '/accounts/auth/refresh_token/',
        headers: { cookie: `refresh_token=${c.get('refresh_token')?.value ?? ''}` },
      })
      const again = setCookies(refresh.headers).get('access_token')?.value ?? ''
      const me2 = await x.app.inject({
        method: 'GET',
        url: '/accounts/user/',
        headers: { authorization: `Bearer ${again}` },
      })
      for (const res of [login, me, refresh, me2]) {
        requests++
        if (res.statusCode !== 200) failures.push(`${res.statusCode} ${res.body}`)
      }
      lastAccess = again
    }
    assert.deepEqual(failures, [], `${failures.length} of ${requests} requests failed`)
    assert.ok(requests > 40, `${requests} requests`)
    assert.equal(jwtHeader(lastAccess).alg, 'EdDSA', 'after activation the new key signs')
    for (const instance of [a, b]) {
      const jwks = await instance.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
      const keys = jwks.json().keys as { kid: string; kty: string; d?: string }[]
      assert.ok(keys.some((k) => k.kid === jwtHeader(lastAccess).kid && k.kty === 'OKP' && k.d === undefined))
    }
  })
})

describe('a retired key', () => {
  it('no longer verifies the tokens it signed', async () => {
    const server = await startTestServer({ keyActivationDelay: '1s' })
    try {
      await rotateSigningKey(
        server.core.keys,
        server.core.settings,
        cryptoRandom,
        'ES256',
        server.clock.now(),
      )
      server.clock.advance(1000)
      server.core.keyring.load(await server.core.keys.list())
      const alice = await loginAs(server.app)
      assert.equal(jwtHeader(alice.access).alg, 'ES256')
      const me = () =>
        server.app.inject({
          method: 'GET',
          url: '/accounts/user/',
          headers: { cookie: `access_token=${alice.access}` },
        })
      assert.equal((await me()).statusCode, 200)
      await server.core.keys.scheduleRetirement(server.clock.now() + 1, server.clock.now() + 60_000)
      server.core.keyring.load(await server.core.keys.list())
      server.clock.advance(60_000)
      const res = await me()
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().code, 'token_not_valid')
    } finally {
      await server.close()
    }
  })
})
