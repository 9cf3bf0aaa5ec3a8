import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { latchkeyPlugin } from '../src/adapters/fastify/index.ts'
import { ConfigError, createLatchkey } from '../src/index.ts'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { setCookies } from './helpers/cookies.ts'
import { ALICE, FAST_HASHING, SECRET } from './helpers/test-server.ts'

/** Logs alice in at `loginUrl`, checks the login succeeded, and GETs `url` with the access cookie it set. */
async function getAsAlice(app: FastifyInstance, url: string, loginUrl = '/accounts/auth/login/') {
  const login = await app.inject({ method: 'POST', url: loginUrl, payload: ALICE })
  assert.equal(login.statusCode, 200)
  const access = setCookies(login.headers).get('access_token')?.value ?? ''
  return {
    login,
    access,
    answer: await app.inject({ method: 'GET', url, headers: { cookie: `access_token=${access}` } }),
  }
}

describe('Latchkey embedded in a host Fastify app', () => {
  let app: FastifyInstance
  const stores = createSqliteStores(':memory:')

  before(async () => {
    await stores.migrate()
    const latchkey = await createLatchkey({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores)
    await latchkey.users.create(ALICE)
    app = Fastify()
    await app.register(latchkeyPlugin, { latchkey })
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
    const { answer: notes } = await getAsAlice(app, '/api/notes')
    assert.equal(notes.statusCode, 200)
    assert.deepEqual(notes.json(), { owner: 'alice' })
  })

  it('answers /accounts/user without its slash like the server, though the host did not set ignoreTrailingSlash', async () => {
    const { answer: me } = await getAsAlice(app, '/accounts/user', '/accounts/auth/login')
    assert.equal(me.statusCode, 200)
    assert.equal((me.json() as { username: string }).username, 'alice')
  })

  it('leaves the host’s other paths to the host’s own 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/accounts/nothing-here/' })
    assert.equal(res.statusCode, 404)
    assert.equal((res.json() as { message: string }).message, 'Route GET:/accounts/nothing-here/ not found')
  })

  it('serves the OpenAPI document', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' })
    assert.equal(res.statusCode, 200)
    assert.ok('/accounts/user/' in (res.json() as { paths: object }).paths)
  })

  it('leaves the host’s own body parsing alone', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/echo', payload: { a: 1 } })
    assert.deepEqual(res.json(), { got: { a: 1 } })
  })
})

describe('the Fastify plugin with direct: true', () => {
  let app: FastifyInstance
  let stores: ReturnType<typeof createSqliteStores>
  const onSend: string[] = []
  const onResponse: string[] = []
  before(async () => {
    stores = createSqliteStores(':memory:')
    await stores.migrate()
    const latchkey = await createLatchkey({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores)
    await latchkey.users.create(ALICE)
    app = Fastify()
    app.addHook('onSend', async (request, _reply, payload) => {
      onSend.push(request.url)
      return payload
    })
    app.addHook('onResponse', async (request) => {
      onResponse.push(request.url)
    })
    await app.register(latchkeyPlugin, { latchkey, direct: true })
    await app.ready()
  })
  after(async () => {
    await app.close()
    await stores.close()
  })

  it('answers as without it, past the app’s onSend hooks, and its onResponse hooks still see the answer', async () => {
    const { login, access, answer: me } = await getAsAlice(app, '/accounts/user/')
    assert.equal(login.headers['cache-control'], 'no-store')
    assert.equal(login.headers['x-frame-options'], 'DENY')
    assert.equal(me.statusCode, 200)
    assert.equal(me.headers['content-length'], String(Buffer.byteLength(me.body)))
    assert.equal((me.json() as { username: string }).username, 'alice')
    const head = await app.inject({
      method: 'HEAD',
      url: '/accounts/user/',
      headers: { cookie: `access_token=${access}` },
    })
    assert.equal(head.statusCode, 200)
    assert.equal(head.body, '')
    assert.equal(head.headers['content-length'], me.headers['content-length'])
    assert.deepEqual(onSend, [])
    assert.deepEqual(onResponse, ['/accounts/auth/login/', '/accounts/user/', '/accounts/user/'])
  })
})

describe('createLatchkey options', () => {
  const stores = createSqliteStores(':memory:')
  after(() => stores.close())

  it('refuses an unknown key, nested ones included, naming each', async () => {
    await assert.rejects(
      createLatchkey({ secretKey: SECRET, evnets: {}, cookies: { secur: true } } as never, stores),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.includes('evnets: not a Latchkey option') &&
        error.problems.includes('cookies.secur: not a Latchkey option'),
    )
  })

  it('calls the event hooks given in the options', async () => {
    await stores.migrate()
    const logins: number[] = []
    const latchkey = await createLatchkey(
      {
        secretKey: SECRET,
        passwordHashing: FAST_HASHING,
        events: { onLogin: (e) => void logins.push(e.userId) },
      },
      stores,
    )
    const created = await latchkey.users.create({ username: 'bob', password: 'a long enough passphrase' })
    assert.ok(created.ok)
    const response = await latchkey.handle({
      method: 'POST',
      url: '/accounts/auth/login/',
      headers: { 'content-type': 'application/json', host: 'localhost' },
      readBody: async () =>
        Buffer.from(JSON.stringify({ username: 'bob', password: 'a long enough passphrase' })),
      ip: '127.0.0.1',
      secure: false,
    })
    assert.equal(response?.status, 200)
    assert.deepEqual(logins, [created.user.id])
  })

  it('hands out the flows bound to the instance, for adapters that route by themselves', async () => {
    const latchkey = await createLatchkey({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores)
    assert.ok((await latchkey.users.create({ username: 'dave', password: 'another long passphrase' })).ok)
    const result = await latchkey.flows.login({
      method: 'POST',
      path: '/accounts/auth/login/',
      headers: { host: 'localhost' },
      body: { kind: 'json', value: { username: 'dave', password: 'another long passphrase' } },
      ip: '127.0.0.1',
      secure: false,
    })
    assert.equal(result.status, 200)
    assert.deepEqual(
      result.cookies.map((cookie) => cookie.name),
      ['access_token', 'refresh_token', 'csrftoken'],
    )
  })

  it('says which request targets it serves, exactly those its handler answers', async () => {
    const latchkey = await createLatchkey({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores)
    const targets = {
      '/accounts/user/': true,
      '/accounts/user': true,
      '/accounts/user/?format=json': true,
      '/accounts/sessions/abc%2Fdef/': true,
      '/openapi.json': true,
      'http://localhost/accounts/user/': true,
      '/accounts/nothing-here/': false,
      '/api/notes': false,
      '/': false,
      '/accountsx/user/': false,
    }
    for (const [url, served] of Object.entries(targets)) {
      assert.equal(latchkey.http.serves(url), served, url)
      const answer = await latchkey.handle({
        method: 'GET',
        url,
        headers: { host: 'localhost' },
        ip: '',
        secure: false,
      })
      assert.equal(answer !== undefined, served, url)
    }
  })

  it('creates users only with a password Django’s validators accept', async () => {
    const latchkey = await createLatchkey({ secretKey: SECRET, passwordHashing: FAST_HASHING }, stores)
    const refused = await latchkey.users.create({ username: 'carol', password: '12345678' })
    assert.deepEqual(refused, {
      ok: false,
      problems: ['This password is too common.', 'This password is entirely numeric.'],
    })
  })
})
