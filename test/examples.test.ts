import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { HOSTS, startTestHost, type TestHost } from './helpers/test-hosts.ts'
import { loginAs } from './helpers/test-server.ts'

for (const host of HOSTS.filter((name) => name !== 'server')) {
  describe(`the ${host} example protects its own GET /api/notes`, () => {
    let app: TestHost
    before(async () => {
      app = await startTestHost(host)
    })
    after(() => app.close())

    it('answers 401 without a session, with the API’s body and Bearer challenge', async () => {
      const res = await app.inject({ url: '/api/notes' })
      assert.equal(res.statusCode, 401)
      assert.deepEqual(res.json(), {
        detail: 'Authentication credentials were not provided.',
        code: 'not_authenticated',
      })
      assert.equal(res.headers['www-authenticate'], 'Bearer realm="api"')
    })

    it('answers the user’s notes with a session cookie or a Bearer token', async () => {
      const alice = await loginAs(app)
      for (const headers of [
        { cookie: `access_token=${alice.access}` },
        { authorization: `Bearer ${alice.access}` },
      ]) {
        const res = await app.inject({ url: '/api/notes', headers })
        assert.equal(res.statusCode, 200)
        assert.deepEqual(res.json(), { notes: [{ id: 1, text: 'Welcome, alice: only you can read this.' }] })
      }
    })

    it('refuses a bad token as the API does', async () => {
      const res = await app.inject({ url: '/api/notes', headers: { authorization: 'Bearer nope' } })
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().code, 'token_not_valid')
    })
  })
}
