import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { httpConventionsPlugin, latchkeyPlugin } from '../src/fastify/index.ts'
import { createAuthCore } from '../src/index.ts'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { setCookies } from './helpers/cookies.ts'
import { ALICE, FAST_HASHING, SECRET } from './helpers/test-server.ts'

describe('Latchkey embedded in a host Fastify app', () => {
  let app: FastifyInstance
  const stores = createSqliteStores(':memory:')

  before(async () => {
    await stores.migrate()
    const core = await createAuthCore({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores)
    await stores.users.create(
      { username: ALICE.username, passwordHash: await core.hasher.hash(ALICE.password) },
      Date.now(),
    )
    app = Fastify()
    await app.register(httpConventionsPlugin, { core })
    await app.register(latchkeyPlugin, { core })
    app.get('/api/notes', { preHandler: app.latchkeyAuthenticate }, async (request) => ({
      owner: request.auth?.user.username,
    }))
    app.post('/api/echo', async (request) => ({ got: request.body }))
    await app.ready()
  })
  after(async () => {
    await app.close()
    await stores.close()
  })

  it('protects the host’s routes exactly as /accounts/user/ is protected', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/notes' })
    assert.equal(anonymous.statusCode, 401)
    assert.deepEqual(anonymous.json(), {
      detail: 'Authentication credentials were not provided.',
      code: 'not_authenticated',
    })
    const login = await app.inject({ method: 'POST', url: '/accounts/auth/login/', payload: ALICE })
    const access = setCookies(login.headers).get('access_token')?.value ?? ''
    const notes = await app.inject({
      method: 'GET',
      url: '/api/notes',
      headers: { cookie: `access_token=${access}` },
    })
    assert.equal(notes.statusCode, 200)
    assert.deepEqual(notes.json(), { owner: 'alice' })
  })

  it('leaves the host’s own body parsing alone', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/echo', payload: { a: 1 } })
    assert.deepEqual(res.json(), { got: { a: 1 } })
  })
})
