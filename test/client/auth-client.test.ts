import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  AuthClientError,
  type AuthMode,
  createAuthClient,
  type SessionEndEvent,
} from '../../src/client/index.ts'
import { ALICE } from '../helpers/test-server.ts'
import { type ClientTestServer, expireAccessTokens, startClientTestServer } from './helpers/client-server.ts'
import { CookieJar } from './helpers/cookie-jar.ts'

/** One browser tab: a client on a cookie jar that other tabs of the same browser may share. */
function tab(
  server: ClientTestServer,
  jar: CookieJar,
  mode: AuthMode = 'cookie',
  ended: SessionEndEvent[] = [],
) {
  return createAuthClient({
    baseUrl: server.url,
    mode,
    fetch: jar.fetch,
    readCookies: jar.documentCookie,
    onSessionEnd: (event) => ended.push(event),
  })
}

async function rejection(promise: Promise<unknown>): Promise<AuthClientError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof AuthClientError, `expected an AuthClientError, got ${String(error)}`)
    return error
  }
  assert.fail('expected a rejection')
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('the browser client against the real server', () => {
  let server: ClientTestServer
  before(async () => {
    server = await startClientTestServer()
  })
  after(() => server.close())

  it('logs in with cookies, reads who am I and the sessions, and logs out', async () => {
    const jar = new CookieJar()
    const auth = tab(server, jar)
    try {
      await auth.login(ALICE.username, ALICE.password)
      assert.ok(jar.has('access_token') && jar.has('refresh_token'))
      assert.match(jar.documentCookie(), /^csrftoken=/)
      assert.deepEqual(await auth.me(), {
        id: server.aliceId,
        username: 'alice',
        first_name: 'Alice',
        last_name: 'Liddell',
      })
      const sessions = await auth.sessions()
      assert.equal(sessions.filter((s) => s.current).length, 1)
      await auth.logout()
      assert.equal(jar.has('access_token') || jar.has('refresh_token'), false)
      const refused = await rejection(auth.me())
      assert.equal(refused.status, 401)
      assert.equal(refused.code, 'not_authenticated')
    } finally {
      auth.close()
    }
  })

  it("reports the server's code and detail for wrong credentials", async () => {
    const auth = tab(server, new CookieJar())
    try {
      const error = await rejection(auth.login(ALICE.username, 'not the password'))
      assert.equal(error.status, 403)
      assert.equal(error.code, 'authentication_failed')
      assert.equal(error.detail, 'Incorrect authentication credentials.')
    } finally {
      auth.close()
    }
  })

  it('reports field errors of a refused password change, then changes it', async () => {
    const jar = new CookieJar()
    const auth = tab(server, jar)
    try {
      await auth.login(ALICE.username, ALICE.password)
      const wrongOld = await rejection(auth.changePassword('wrong', 'a much better passphrase 42'))
      assert.equal(wrongOld.code, 'invalid')
      assert.deepEqual(wrongOld.fields.old_password, [
        'Your old password was entered incorrectly. Please enter it again.',
      ])
      const tooShort = await rejection(auth.changePassword(ALICE.password, 'short'))
      assert.equal(tooShort.code, 'invalid')
      assert.ok((tooShort.fields.new_password ?? []).length > 0)
      const csrfBefore = jar.get('csrftoken')
      await auth.changePassword(ALICE.password, 'a much better passphrase 42')
      assert.notEqual(jar.get('csrftoken'), csrfBefore, 'the server rotates the CSRF secret')
      assert.equal((await auth.me()).username, 'alice')
      await auth.changePassword('a much better passphrase 42', ALICE.password)
    } finally {
      auth.close()
    }
  })

  it('fetches a CSRF token first when there is no csrftoken cookie, then sends it on unsafe methods', async () => {
    const jar = new CookieJar()
    const auth = tab(server, jar)
    try {
      await auth.login(ALICE.username, ALICE.password)
      jar.drop('csrftoken')
      jar.requests.length = 0
      const sessions = await auth.sessions()
      assert.equal(sessions.filter((s) => s.current).length, 1, 'the list marks the caller’s session')
      const response = await auth.fetch('/accounts/auth/logout_all/', { method: 'POST' })
      assert.equal(response.status, 200)
      assert.deepEqual(jar.requests, [
        'GET /accounts/sessions/',
        'GET /accounts/csrf_token/',
        'POST /accounts/auth/logout_all/',
      ])
    } finally {
      auth.close()
    }
  })

  it('uses the token endpoint’s masked token when the cookie cannot be read, and renews it after login', async () => {
    const jar = new CookieJar()
    const auth = createAuthClient({ baseUrl: server.url, fetch: jar.fetch, readCookies: () => '' })
    try {
      await auth.login(ALICE.username, ALICE.password)
      jar.requests.length = 0
      assert.equal((await auth.fetch('/accounts/auth/logout_all/', { method: 'POST' })).status, 200)
      assert.deepEqual(jar.requests, ['GET /accounts/csrf_token/', 'POST /accounts/auth/logout_all/'])
      // Logging in again rotates the secret behind the remembered token: the client fetches a fresh one.
      await auth.login(ALICE.username, ALICE.password)
      jar.requests.length = 0
      await auth.logout()
      assert.deepEqual(jar.requests, ['GET /accounts/csrf_token/', 'POST /accounts/auth/logout/'])
    } finally {
      auth.close()
    }
  })

  it('refreshes transparently when the access token expired, and when the browser dropped its cookie', async () => {
    const jar = new CookieJar()
    const auth = tab(server, jar)
    try {
      await auth.login(ALICE.username, ALICE.password)
      const before = server.counted.refreshes
      expireAccessTokens(server)
      assert.equal((await auth.me()).username, 'alice') // token_not_valid → refresh → retry
      expireAccessTokens(server)
      jar.drop('access_token')
      assert.equal((await auth.me()).username, 'alice') // not_authenticated → refresh → retry
      assert.equal(server.counted.refreshes - before, 2)
    } finally {
      auth.close()
    }
  })

  it('retries a request with a body after the refresh, body intact', async () => {
    const jar = new CookieJar()
    const auth = tab(server, jar)
    try {
      await auth.login(ALICE.username, ALICE.password)
      expireAccessTokens(server)
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ old_password: 'wrong', new_password: 'whatever it is 123' }),
      }
      const response = await auth.fetch('/accounts/password/change/', init)
      assert.equal(response.status, 400, 'the retried request reached the view with its body')
      assert.equal(((await response.json()) as { code: string }).code, 'invalid')
    } finally {
      auth.close()
    }
  })

  it('in memory mode keeps the access token out of the cookies and sends it as Bearer', async () => {
    const jar = new CookieJar()
    const auth = tab(server, jar, 'memory')
    try {
      await auth.login(ALICE.username, ALICE.password)
      assert.equal(jar.has('access_token'), false)
      assert.ok(jar.has('refresh_token'))
      assert.equal((await auth.me()).username, 'alice')
      const before = server.counted.refreshes
      expireAccessTokens(server)
      assert.equal((await auth.me()).username, 'alice')
      assert.equal(server.counted.refreshes - before, 1)
      // A new page of the same browser has no token in memory: it gets one from the refresh cookie.
      const reloaded = tab(server, jar, 'memory')
      assert.equal((await reloaded.me()).username, 'alice')
      reloaded.close()
      await auth.logout()
      assert.equal(jar.has('refresh_token'), false)
      assert.equal((await rejection(auth.me())).status, 401)
    } finally {
      auth.close()
    }
  })

  it('calls onSessionEnd once, in every tab, when the refresh fails for good', async () => {
    const jar = new CookieJar()
    const endedA: SessionEndEvent[] = []
    const endedB: SessionEndEvent[] = []
    const a = tab(server, jar, 'cookie', endedA)
    const b = tab(server, jar, 'cookie', endedB)
    try {
      await a.login(ALICE.username, ALICE.password)
      assert.equal((await b.me()).username, 'alice')
      // The session is revoked from another device (another browser: no channel shared with this one).
      const other = createAuthClient({ baseUrl: server.url, fetch: new CookieJar().fetch, broadcast: false })
      await other.login(ALICE.username, ALICE.password)
      await other.logoutAll()
      other.close()
      expireAccessTokens(server)
      const error = await rejection(a.me())
      assert.equal(error.status, 401)
      await rejection(a.me())
      await tick()
      assert.deepEqual(
        endedA.map((e) => [e.reason, e.error?.code]),
        [['refresh_failed', 'token_not_valid']],
      )
      assert.deepEqual(
        endedB.map((e) => e.reason),
        ['refresh_failed'],
      )
    } finally {
      a.close()
      b.close()
    }
  })

  it('tells the other tabs when one logs out', async () => {
    const jar = new CookieJar()
    const endedB: SessionEndEvent[] = []
    const a = tab(server, jar)
    const b = tab(server, jar, 'cookie', endedB)
    try {
      await a.login(ALICE.username, ALICE.password)
      await b.me()
      await a.logout()
      await tick()
      assert.deepEqual(
        endedB.map((e) => e.reason),
        ['logged_out'],
      )
    } finally {
      a.close()
      b.close()
    }
  })

  it('does not call onSessionEnd on a fresh page that was never signed in', async () => {
    const ended: SessionEndEvent[] = []
    const auth = tab(server, new CookieJar(), 'cookie', ended)
    try {
      const error = await rejection(auth.me())
      assert.equal(error.code, 'not_authenticated')
      await tick()
      assert.deepEqual(ended, [])
    } finally {
      auth.close()
    }
  })
})
