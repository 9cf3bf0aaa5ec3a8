import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { cookieHeader, jwtPayload, setCookies } from './helpers/cookies.ts'
import {
  ALICE,
  cookieAuth,
  loginAs,
  mintJwt,
  startTestServer,
  type TestServer,
} from './helpers/test-server.ts'

const REFRESH = '/accounts/auth/refresh_token/'
const LOGOUT = '/accounts/auth/logout/'
const CAROL = { username: 'carol', password: 'carol has a long passphrase 7' }
const BOB = { username: 'bob', password: 'bob has a long passphrase 8' }

describe('session state changes that another request or another user cannot subvert', () => {
  let server: TestServer
  const revocations: { sessionId: string; reason: string }[] = []
  const reuses: string[] = []
  before(async () => {
    server = await startTestServer({}, 'sqlite::memory:', {
      onSessionRevoked: (event) => {
        revocations.push({ sessionId: event.sessionId, reason: event.reason })
      },
      onRefreshReuseDetected: (event) => {
        reuses.push(event.sessionId)
      },
    })
    for (const user of [CAROL, BOB])
      await server.stores.users.create(
        { username: user.username, passwordHash: await server.core.hasher.hash(user.password) },
        server.clock.now(),
      )
  })
  after(() => server.close())

  const refresh = (token: string) =>
    server.app.inject({ method: 'POST', url: REFRESH, headers: { cookie: `refresh_token=${token}` } })

  it("a password change leaves no grace to the refresh token it retired: Carol's old cookie is refused a second later", async () => {
    const carol = await loginAs(server.app, CAROL)
    const change = await server.app.inject({
      method: 'POST',
      url: '/accounts/password/change/',
      headers: { authorization: `Bearer ${carol.access}`, 'content-type': 'application/json' },
      payload: { old_password: CAROL.password, new_password: 'a brand new passphrase for carol' },
    })
    assert.equal(change.statusCode, 200, change.body)
    const successor = setCookies(change.headers).get('refresh_token')?.value ?? ''
    assert.notEqual(successor, '')
    server.clock.advance(1000)
    const old = await refresh(carol.refresh)
    assert.equal(old.statusCode, 401, old.body)
    assert.equal(old.json().code, 'token_not_valid')
    assert.equal(setCookies(old.headers).get('refresh_token')?.value, undefined, 'no successor handed out')
    // A token the change retired is no longer the session's: presenting it is a replay (RFC 9700 §4.14.2), and the
    // session it belonged to ends, as for any other replayed refresh token.
    const sid = String(jwtPayload(carol.refresh).sid)
    assert.equal((await server.stores.sessions.get(sid))?.revokeReason, 'refresh_token_reuse')
    assert.deepEqual(reuses, [sid], 'onRefreshReuseDetected fired for it')
    assert.ok(revocations.some((r) => r.sessionId === sid && r.reason === 'refresh_token_reuse'))
    assert.equal((await refresh(successor)).statusCode, 401)
  })

  it("a forged refresh token naming bob's session and alice's user id changes nothing in bob's session", async () => {
    const bob = await loginAs(server.app, BOB)
    const claims = jwtPayload(bob.refresh)
    const before = await server.stores.sessions.get(String(claims.sid))
    const forged = mintJwt({ ...claims, user_id: server.aliceId })
    const answer = await refresh(forged)
    assert.equal(answer.statusCode, 401)
    assert.deepEqual(await server.stores.sessions.get(String(claims.sid)), before)
    const logout = await server.app.inject({
      method: 'POST',
      url: LOGOUT,
      headers: cookieAuth({ refresh_token: forged }, bob.csrf),
    })
    assert.equal(logout.statusCode, 401)
    assert.deepEqual(await server.stores.sessions.get(String(claims.sid)), before)
    assert.equal((await refresh(bob.refresh)).statusCode, 200, "bob's own token still refreshes")
  })

  it("a forged replay (an old jti) with another user's id does not revoke the victim's session", async () => {
    const bob = await loginAs(server.app, BOB)
    const claims = jwtPayload(bob.refresh)
    assert.equal((await refresh(bob.refresh)).statusCode, 200)
    server.clock.advance(60_000)
    const forged = mintJwt({ ...claims, user_id: server.aliceId })
    assert.equal((await refresh(forged)).statusCode, 401)
    const session = await server.stores.sessions.get(String(claims.sid))
    assert.equal(session?.revokedAt, null)
  })

  it('logout revokes the session once, and a second logout with the same cookie is refused as blacklisted', async () => {
    const alice = await loginAs(server.app, ALICE)
    const sid = String(jwtPayload(alice.refresh).sid)
    const headers = cookieAuth({ refresh_token: alice.refresh }, alice.csrf)
    const first = await server.app.inject({ method: 'POST', url: LOGOUT, headers })
    assert.equal(first.statusCode, 200)
    assert.deepEqual(
      revocations.filter((r) => r.sessionId === sid),
      [{ sessionId: sid, reason: 'logout' }],
    )
    const second = await server.app.inject({ method: 'POST', url: LOGOUT, headers })
    assert.equal(second.statusCode, 401)
    assert.equal(second.json().detail, 'Token is blacklisted')
  })

  it('revoking one of the sessions of another user answers 404 and leaves it live', async () => {
    const alice = await loginAs(server.app, ALICE)
    const bob = await loginAs(server.app, BOB)
    const bobSid = String(jwtPayload(bob.refresh).sid)
    const res = await server.app.inject({
      method: 'DELETE',
      url: `/accounts/sessions/${bobSid}/`,
      headers: { authorization: `Bearer ${alice.access}` },
    })
    assert.equal(res.statusCode, 404)
    assert.equal((await server.stores.sessions.get(bobSid))?.revokedAt, null)
  })

  it('logout with no access token and no refresh cookie is refused before any session is read', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: LOGOUT,
      headers: { cookie: cookieHeader({}) },
    })
    assert.equal(res.statusCode, 401)
  })
})

describe('a password change whose session ended meanwhile', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  it('is refused before anything changes when the caller’s session was revoked in the store (e.g. on another instance)', async () => {
    const alice = await loginAs(server.app)
    const sid = String(jwtPayload(alice.refresh).sid)
    // Revoked in the store only: this instance has not heard yet, so the access token still passes.
    await server.stores.sessions.revokeOwned(sid, server.aliceId, server.clock.now(), 'refresh_token_reuse')
    const change = await server.app.inject({
      method: 'POST',
      url: '/accounts/password/change/',
      headers: { authorization: `Bearer ${alice.access}`, 'content-type': 'application/json' },
      payload: { old_password: ALICE.password, new_password: 'a brand new passphrase 42' },
    })
    assert.equal(change.statusCode, 401)
    assert.equal(change.json().code, 'token_not_valid')
    assert.equal(setCookies(change.headers).get('refresh_token'), undefined)
    assert.equal((await loginAs(server.app)).response.statusCode, 200, 'the old password still works')
  })
})
