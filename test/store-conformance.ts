import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { NewSession, SessionStore } from '../src/core/sessions/session.ts'
import type { UserStore } from '../src/core/users/user.ts'

export interface OpenedStores {
  readonly users: UserStore
  readonly sessions: SessionStore
  close(): Promise<void>
}

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0)
const DAY = 86_400_000
const hex = () => randomBytes(16).toString('hex')

/**
 * The written semantics of UserStore and SessionStore, run against every implementation (memory, SQLite,
 * PostgreSQL). A store is correct when it passes all of this.
 */
export function storeConformanceSuite(name: string, open: () => Promise<OpenedStores>): void {
  describe(`${name} store conformance`, () => {
    let stores: OpenedStores
    let userId: number
    let otherId: number
    before(async () => {
      stores = await open()
      const user = await stores.users.create({ username: `u-${hex()}`, passwordHash: 'h' }, T0)
      const other = await stores.users.create({ username: `o-${hex()}`, passwordHash: 'h' }, T0)
      assert.ok(user && other)
      userId = user.id
      otherId = other.id
    })
    after(() => stores.close())

    const newSession = async (overrides: Partial<NewSession> = {}) =>
      stores.sessions.create({
        id: hex(),
        userId,
        createdAt: T0,
        expiresAt: T0 + 30 * DAY,
        currentJti: hex(),
        userAgent: 'test-agent',
        ip: '127.0.0.1',
        ...overrides,
      })

    describe('users', () => {
      it('creates a user with defaults and finds it by id and by exact username', async () => {
        const username = `Case-${hex()}`
        const created = await stores.users.create({ username, passwordHash: 'x', firstName: 'Ann' }, T0)
        assert.ok(created)
        assert.equal(created.firstName, 'Ann')
        assert.equal(created.lastName, '')
        assert.equal(created.isActive, true)
        assert.equal(created.isSuperuser, false)
        assert.equal(created.dateJoined, T0)
        assert.equal(created.lastLogin, null)
        assert.deepEqual(await stores.users.findById(created.id), created)
        assert.deepEqual(await stores.users.findByUsername(username), created)
        assert.equal(
          await stores.users.findByUsername(username.toLowerCase()),
          undefined,
          'usernames are case-sensitive',
        )
      })

      it('refuses a duplicate username by returning undefined', async () => {
        const username = `dup-${hex()}`
        assert.ok(await stores.users.create({ username, passwordHash: 'x' }, T0))
        assert.equal(await stores.users.create({ username, passwordHash: 'y' }, T0), undefined)
      })

      it('updates the password hash, the active flag and last_login', async () => {
        const user = await stores.users.create({ username: `upd-${hex()}`, passwordHash: 'old' }, T0)
        assert.ok(user)
        await stores.users.setPasswordHash(user.id, 'new')
        await stores.users.setActive(user.id, false)
        await stores.users.recordLogin(user.id, T0 + 5)
        const read = await stores.users.findById(user.id)
        assert.equal(read?.passwordHash, 'new')
        assert.equal(read?.isActive, false)
        assert.equal(read?.lastLogin, T0 + 5)
      })

      it('deleting a user deletes its sessions', async () => {
        const user = await stores.users.create({ username: `del-${hex()}`, passwordHash: 'x' }, T0)
        assert.ok(user)
        const session = await newSession({ userId: user.id })
        await stores.users.delete(user.id)
        assert.equal(await stores.users.findById(user.id), undefined)
        assert.equal(await stores.sessions.get(session.id), undefined)
      })

      it('finds nothing for an unknown id or username', async () => {
        assert.equal(await stores.users.findById(987_654_321), undefined)
        assert.equal(await stores.users.findByUsername("' OR '1'='1"), undefined)
      })
    })

    describe('sessions', () => {
      it('creates a session whose current token was issued at creation', async () => {
        const session = await newSession()
        assert.equal(session.currentIssuedAt, T0)
        assert.equal(session.lastUsedAt, T0)
        assert.equal(session.previousJti, null)
        assert.equal(session.revokedAt, null)
        assert.deepEqual(await stores.sessions.get(session.id), session)
      })

      it('rotates the current token: it becomes previous and the new one current', async () => {
        const session = await newSession()
        const newJti = hex()
        const outcome = await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti,
          now: T0 + 1000,
          graceMs: 10_000,
        })
        assert.equal(outcome.kind, 'rotated')
        assert.ok(outcome.kind === 'rotated')
        assert.equal(outcome.session.currentJti, newJti)
        assert.equal(outcome.session.previousJti, session.currentJti)
        assert.equal(outcome.session.rotatedAt, T0 + 1000)
        assert.equal(outcome.session.currentIssuedAt, T0 + 1000)
        assert.equal(outcome.session.lastUsedAt, T0 + 1000)
      })

      it('answers the just-retired token inside the window with the same successor, writing nothing', async () => {
        const session = await newSession()
        const successor = hex()
        await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: successor,
          now: T0,
          graceMs: 10_000,
        })
        const outcome = await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: hex(),
          now: T0 + 10_000,
          graceMs: 10_000,
        })
        assert.equal(outcome.kind, 'grace')
        assert.ok(outcome.kind === 'grace')
        assert.equal(outcome.session.currentJti, successor)
        assert.equal((await stores.sessions.get(session.id))?.currentJti, successor)
      })

      it('treats the just-retired token after the window as reuse and revokes the session', async () => {
        const session = await newSession()
        const successor = hex()
        await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: successor,
          now: T0,
          graceMs: 10_000,
        })
        const outcome = await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: hex(),
          now: T0 + 10_001,
          graceMs: 10_000,
        })
        assert.equal(outcome.kind, 'reuse')
        const stored = await stores.sessions.get(session.id)
        assert.equal(stored?.revokedAt, T0 + 10_001)
        assert.equal(stored?.revokeReason, 'refresh_token_reuse')
        const newest = await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: successor,
          newJti: hex(),
          now: T0 + 10_002,
          graceMs: 10_000,
        })
        assert.equal(newest.kind, 'revoked', 'the newest token of a revoked session no longer rotates')
      })

      it('treats a grandparent token as reuse even inside the window', async () => {
        const session = await newSession()
        const child = hex()
        await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: child,
          now: T0,
          graceMs: 10_000,
        })
        await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: child,
          newJti: hex(),
          now: T0 + 1,
          graceMs: 10_000,
        })
        const outcome = await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: hex(),
          now: T0 + 2,
          graceMs: 10_000,
        })
        assert.equal(outcome.kind, 'reuse')
      })

      it('with a grace window of 0, a retired token is reuse at once', async () => {
        const session = await newSession()
        await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: hex(),
          now: T0,
          graceMs: 0,
        })
        const outcome = await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: hex(),
          now: T0 + 1,
          graceMs: 0,
        })
        assert.equal(outcome.kind, 'reuse')
      })

      it('answers missing for an unknown or expired session, revoked for a revoked one', async () => {
        const unknown = await stores.sessions.rotate({
          sessionId: hex(),
          presentedJti: hex(),
          newJti: hex(),
          now: T0,
          graceMs: 0,
        })
        assert.equal(unknown.kind, 'missing')
        const short = await newSession({ expiresAt: T0 + 1000 })
        const expired = await stores.sessions.rotate({
          sessionId: short.id,
          presentedJti: short.currentJti,
          newJti: hex(),
          now: T0 + 1000,
          graceMs: 0,
        })
        assert.equal(expired.kind, 'missing')
        const session = await newSession()
        await stores.sessions.revoke(session.id, T0, 'logout')
        const revoked = await stores.sessions.rotate({
          sessionId: session.id,
          presentedJti: session.currentJti,
          newJti: hex(),
          now: T0 + 1,
          graceMs: 0,
        })
        assert.equal(revoked.kind, 'revoked')
      })

      it('20 concurrent rotations of one token: one rotated, 19 grace, all naming the same successor', async () => {
        const session = await newSession()
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            stores.sessions.rotate({
              sessionId: session.id,
              presentedJti: session.currentJti,
              newJti: hex(),
              now: T0 + i,
              graceMs: 10_000,
            }),
          ),
        )
        const kinds = outcomes.map((o) => o.kind).sort()
        assert.deepEqual(kinds, ['grace', ...Array(18).fill('grace'), 'rotated'].sort())
        const successors = new Set(
          outcomes.map((o) => (o.kind === 'rotated' || o.kind === 'grace' ? o.session.currentJti : '')),
        )
        assert.equal(successors.size, 1)
        assert.equal((await stores.sessions.get(session.id))?.currentJti, [...successors][0])
      })

      it('use(): valid for the current token (bumping last use), unknown_token, revoked, missing', async () => {
        const session = await newSession()
        const valid = await stores.sessions.use(session.id, session.currentJti, T0 + 50)
        assert.equal(valid.kind, 'valid')
        assert.equal((await stores.sessions.get(session.id))?.lastUsedAt, T0 + 50)
        assert.equal((await stores.sessions.use(session.id, hex(), T0)).kind, 'unknown_token')
        assert.equal((await stores.sessions.use(hex(), hex(), T0)).kind, 'missing')
        await stores.sessions.revoke(session.id, T0, 'logout')
        assert.equal((await stores.sessions.use(session.id, session.currentJti, T0)).kind, 'revoked')
      })

      it('revoke() revokes once; a second call returns undefined', async () => {
        const session = await newSession()
        const revoked = await stores.sessions.revoke(session.id, T0 + 7, 'logout')
        assert.equal(revoked?.revokedAt, T0 + 7)
        assert.equal(revoked?.revokeReason, 'logout')
        assert.equal(await stores.sessions.revoke(session.id, T0 + 8, 'logout'), undefined)
        assert.equal(await stores.sessions.revoke(hex(), T0, 'logout'), undefined)
      })

      it('revokeAllForUser() revokes the live sessions of one user except the one kept', async () => {
        const user = await stores.users.create({ username: `all-${hex()}`, passwordHash: 'x' }, T0)
        assert.ok(user)
        const keep = await newSession({ userId: user.id })
        const a = await newSession({ userId: user.id })
        const b = await newSession({ userId: user.id })
        const stranger = await newSession({ userId: otherId })
        const revoked = await stores.sessions.revokeAllForUser(user.id, T0 + 1, 'password_changed', keep.id)
        assert.deepEqual(revoked.map((s) => s.id).sort(), [a.id, b.id].sort())
        assert.equal((await stores.sessions.get(keep.id))?.revokedAt, null)
        assert.equal((await stores.sessions.get(stranger.id))?.revokedAt, null)
        assert.equal((await stores.sessions.revokeAllForUser(user.id, T0 + 2, 'logout_all')).length, 1)
      })

      it('listLive() lists unrevoked, unexpired sessions of the user, newest first', async () => {
        const user = await stores.users.create({ username: `live-${hex()}`, passwordHash: 'x' }, T0)
        assert.ok(user)
        const older = await newSession({ userId: user.id, createdAt: T0 })
        const newer = await newSession({ userId: user.id, createdAt: T0 + 5 })
        const revoked = await newSession({ userId: user.id })
        await stores.sessions.revoke(revoked.id, T0, 'logout')
        await newSession({ userId: user.id, expiresAt: T0 + 10 })
        const live = await stores.sessions.listLive(user.id, T0 + 10)
        assert.deepEqual(
          live.map((s) => s.id),
          [newer.id, older.id],
        )
      })

      it('listRevokedSince() returns sessions revoked at or after the time', async () => {
        const early = await newSession()
        const late = await newSession()
        await stores.sessions.revoke(early.id, T0 + 100, 'logout')
        await stores.sessions.revoke(late.id, T0 + 200, 'logout')
        const ids = (await stores.sessions.listRevokedSince(T0 + 200)).map((s) => s.id)
        assert.ok(ids.includes(late.id))
        assert.ok(!ids.includes(early.id))
      })

      it('flush() removes expired sessions and long-revoked ones, and nothing else', async () => {
        const user = await stores.users.create({ username: `flush-${hex()}`, passwordHash: 'x' }, T0)
        assert.ok(user)
        const now = T0 + 40 * DAY
        const live = await newSession({ userId: user.id, expiresAt: now + DAY })
        const expired = await newSession({ userId: user.id, expiresAt: now - 1 })
        const oldRevoked = await newSession({ userId: user.id, expiresAt: now + DAY })
        const recentRevoked = await newSession({ userId: user.id, expiresAt: now + DAY })
        await stores.sessions.revoke(oldRevoked.id, now - 31 * DAY, 'logout')
        await stores.sessions.revoke(recentRevoked.id, now - DAY, 'logout')
        const removed = await stores.sessions.flush(now, now - 30 * DAY)
        assert.ok(removed >= 2)
        assert.ok(await stores.sessions.get(live.id))
        assert.ok(await stores.sessions.get(recentRevoked.id))
        assert.equal(await stores.sessions.get(expired.id), undefined)
        assert.equal(await stores.sessions.get(oldRevoked.id), undefined)
      })
    })
  })
}
