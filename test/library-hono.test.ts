import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { Hono } from 'hono'
import { latchkeyGuard, latchkeyGuarded, latchkeyRoutes } from '../src/adapters/hono/index.ts'
import { createLatchkey } from '../src/index.ts'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { setCookies } from './helpers/cookies.ts'
import { ALICE, FAST_HASHING, SECRET } from './helpers/test-server.ts'

describe('Latchkey mounted in a Hono app', () => {
  const app = new Hono()
  /** Every path the app's own middleware saw, in order. */
  const seen: string[] = []
  let access = ''
  let addressReads = 0

  before(async () => {
    const stores = createSqliteStores(':memory:')
    await stores.migrate()
    const latchkey = await createLatchkey(
      { secretKey: SECRET, passwordHashing: FAST_HASHING, allowedHosts: ['localhost'] },
      stores,
    )
    await latchkey.users.create(ALICE)
    app.use(async (c, next) => {
      seen.push(new URL(c.req.url).pathname)
      await next()
    })
    // The address a runtime's connection info would give, asked for only when a flow reads it.
    const clientIp = {
      clientIp: () => {
        addressReads++
        return '203.0.113.9'
      },
    }
    app.route('/', latchkeyRoutes(latchkey, clientIp))
    app.get('/api/notes', latchkeyGuard(latchkey, clientIp), (c) =>
      c.json({ owner: c.get('auth').user.username }),
    )
    // The same route as one handler: what the guard would set comes as the second argument.
    app.get(
      '/api/notes-handler',
      latchkeyGuarded(latchkey, (c, auth) => c.json({ owner: auth.user.username }), clientIp),
    )
    app.get('/accounts/preferences', (c) => c.json({ theme: 'dark' }))
    app.notFound((c) => c.json({ detail: 'Not found.', code: 'not_found' }, 404))
    const login = await app.request('http://localhost/accounts/auth/login/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ALICE),
    })
    assert.equal(login.status, 200)
    access = setCookies({ 'set-cookie': login.headers.getSetCookie() }).get('access_token')?.value ?? ''
    assert.notEqual(access, '')
  })

  it('answers Latchkey’s paths, with and without the trailing slash', async () => {
    for (const path of ['/accounts/user/', '/accounts/user']) {
      const answer = await app.request(`http://localhost${path}`, {
        headers: { cookie: `access_token=${access}` },
      })
      assert.equal(answer.status, 200, path)
      assert.equal(((await answer.json()) as { username: string }).username, ALICE.username)
    }
    assert.equal((await app.request('http://localhost/openapi.json')).status, 200)
  })

  it('guards the app’s own route: 401 with WWW-Authenticate without a session, the user with one', async () => {
    const refused = await app.request('http://localhost/api/notes')
    assert.equal(refused.status, 401)
    assert.ok(refused.headers.get('www-authenticate'))
    const answer = await app.request('http://localhost/api/notes', {
      headers: { cookie: `access_token=${access}` },
    })
    assert.deepEqual(await answer.json(), { owner: ALICE.username })
  })

  it('keeps the address the app’s clientIp gives, and asks for it only where a flow reads it', async () => {
    const sessions = await app.request('http://localhost/accounts/sessions/', {
      headers: { cookie: `access_token=${access}` },
    })
    const list = (await sessions.json()) as { ip: string }[]
    assert.deepEqual(
      list.map((session) => session.ip),
      ['203.0.113.9'],
    )
    const before = addressReads
    await app.request('http://localhost/api/notes', { headers: { cookie: `access_token=${access}` } })
    assert.equal(addressReads, before, 'the guarded route never asked for the address')
  })

  it('passes a path under /accounts/ that is not Latchkey’s on to the app’s route, and an unknown one to its 404', async () => {
    assert.deepEqual(await (await app.request('http://localhost/accounts/preferences')).json(), {
      theme: 'dark',
    })
    const unknown = await app.request('http://localhost/accounts/nothing-here/')
    assert.equal(unknown.status, 404)
    assert.deepEqual(await unknown.json(), { detail: 'Not found.', code: 'not_found' })
  })

  it('refuses a Host outside the allowed hosts on the guarded route, as /accounts/user/ does', async () => {
    const answer = await app.request('http://evil.example/api/notes', {
      headers: { cookie: `access_token=${access}` },
    })
    assert.equal(answer.status, 400)
    assert.equal(((await answer.json()) as { code: string }).code, 'bad_request')
  })

  it('runs a route’s own handler with the authenticated user when it is wrapped in latchkeyGuarded', async () => {
    const answer = await app.request('http://localhost/api/notes-handler', {
      headers: { authorization: `Bearer ${access}` },
    })
    assert.equal(answer.status, 200)
    assert.deepEqual(await answer.json(), { owner: ALICE.username })
  })

  it('refuses through latchkeyGuarded exactly as through the guard: status, headers and body', async () => {
    const cases: [string, Record<string, string>][] = [
      ['http://localhost', {}],
      ['http://localhost', { cookie: 'access_token=not-a-token' }],
      ['http://localhost', { authorization: 'Bearer a b' }],
      ['http://evil.example', { cookie: `access_token=${access}` }],
    ]
    for (const [origin, headers] of cases) {
      const guard = await app.request(`${origin}/api/notes`, { headers })
      const wrapped = await app.request(`${origin}/api/notes-handler`, { headers })
      const what = `${origin} ${JSON.stringify(headers)}`
      assert.ok(guard.status >= 400, what)
      assert.equal(wrapped.status, guard.status, what)
      assert.deepEqual(Object.fromEntries(wrapped.headers), Object.fromEntries(guard.headers), what)
      assert.deepEqual(await wrapped.json(), await guard.json(), what)
    }
  })

  it('leaves the app’s middleware chain whole: it sees every path, Latchkey’s included', () => {
    assert.ok(seen.includes('/api/notes') && seen.includes('/accounts/user/'))
  })
})
