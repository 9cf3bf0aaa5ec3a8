import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { RevokeReason, Session } from '../src/core/sessions/session.ts'
import { DAY, hex, type SuiteContext, T0 } from './store-conformance-context.ts'

const ids = (sessions: readonly { readonly id: string }[]) => sessions.map((s) => s.id)

export function sessionConformance(ctx: SuiteContext): void {
  const use = (session: Session, presentedJti: string, now: number, idleTimeoutMs = 0) =>
    ctx
      .stores()
      .sessions.use({ sessionId: session.id, userId: session.userId, presentedJti, now, idleTimeoutMs })
  /** Revokes a session its owner holds and returns it as revoked. */
  const revoke = async (session: Session, now: number, reason: RevokeReason) => {
    const outcome = await ctx.stores().sessions.revokeOwned(session.id, session.userId, now, reason)
    assert.equal(outcome.kind, 'revoked')
    assert.ok(outcome.kind === 'revoked')
    return outcome.session
  }

  it('creates a session whose current token was issued at creation, and reads it back whole', async () => {
    const input = {
      id: hex(),
      userId: ctx.userId(),
      createdAt: T0,
      expiresAt: T0 + DAY,
      currentJti: hex(),
      userAgent: `Mozilla/5.0 ${'z'.repeat(500)}`,
      ip: '2001:db8:85a3:8d3:1319:8a2e:370:7348%eth0-with-a-long-zone-name-from-a-proxy',
    }
    const session = await ctx.stores().sessions.create(input)
    assert.deepEqual(session, {
      ...input,
      lastUsedAt: T0,
      currentIssuedAt: T0,
      previousJti: null,
      rotatedAt: null,
      revokedAt: null,
      revokeReason: null,
    })
    assert.deepEqual(await ctx.stores().sessions.get(session.id), session)
    assert.equal(await ctx.stores().sessions.get(hex()), undefined)
  })

  it('use(): valid for the current token, bumping only the last use', async () => {
    const session = await ctx.newSession()
    const outcome = await use(session, session.currentJti, T0 + 50)
    assert.deepEqual(outcome, { kind: 'valid', session: { ...session, lastUsedAt: T0 + 50 } })
    assert.deepEqual(await ctx.stores().sessions.get(session.id), { ...session, lastUsedAt: T0 + 50 })
  })

  it('use(): unknown_token for any other token of a live session, writing nothing', async () => {
    const session = await ctx.newSession()
    const outcome = await use(session, hex(), T0 + 50)
    assert.deepEqual(outcome, { kind: 'unknown_token', session })
    assert.deepEqual(await ctx.stores().sessions.get(session.id), session)
  })

  it('use(): missing for an unknown or expired session, revoked for a revoked one', async () => {
    assert.deepEqual(
      await ctx.stores().sessions.use({
        sessionId: hex(),
        userId: ctx.userId(),
        presentedJti: hex(),
        now: T0,
        idleTimeoutMs: 0,
      }),
      { kind: 'missing' },
    )
    const short = await ctx.newSession({ expiresAt: T0 + 10 })
    assert.deepEqual(await use(short, short.currentJti, T0 + 10), {
      kind: 'missing',
    })
    const session = await ctx.newSession()
    const revoked = await revoke(session, T0, 'logout')
    assert.deepEqual(await use(session, session.currentJti, T0 + 1), {
      kind: 'revoked',
      session: revoked,
    })
  })

  it('revokeOwned() revokes a live session of its owner once; then not_live, and missing for an unknown one', async () => {
    const session = await ctx.newSession()
    const outcome = await ctx
      .stores()
      .sessions.revokeOwned(session.id, session.userId, T0 + 7, 'revoked_by_user')
    const revoked = { ...session, revokedAt: T0 + 7, revokeReason: 'revoked_by_user' }
    assert.deepEqual(outcome, { kind: 'revoked', session: revoked })
    assert.deepEqual(await ctx.stores().sessions.revokeOwned(session.id, session.userId, T0 + 8, 'logout'), {
      kind: 'not_live',
    })
    assert.deepEqual(await ctx.stores().sessions.get(session.id), revoked, 'the first revocation stands')
    assert.deepEqual(await ctx.stores().sessions.revokeOwned(hex(), ctx.userId(), T0, 'logout'), {
      kind: 'missing',
    })
  })

  it('revokeAllForUser() revokes the live sessions of one user except the one kept, and returns them', async () => {
    const user = await ctx.newUser('all')
    const keep = await ctx.newSession({ userId: user.id })
    const a = await ctx.newSession({ userId: user.id })
    const b = await ctx.newSession({ userId: user.id })
    const expired = await ctx.newSession({ userId: user.id, expiresAt: T0 + 1 })
    const earlier = await ctx.newSession({ userId: user.id })
    await revoke(earlier, T0, 'logout')
    const stranger = await ctx.newSession({ userId: ctx.otherId() })

    const revoked = await ctx.stores().sessions.revokeAllForUser(user.id, T0 + 1, 'password_changed', keep.id)
    assert.deepEqual(
      [...revoked].sort((x, y) => (x.id < y.id ? -1 : 1)),
      [a, b]
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .map((s) => ({ ...s, revokedAt: T0 + 1, revokeReason: 'password_changed' })),
    )
    assert.equal((await ctx.stores().sessions.get(keep.id))?.revokedAt, null)
    assert.equal(
      (await ctx.stores().sessions.get(expired.id))?.revokedAt,
      null,
      'an expired session is left be',
    )
    assert.equal(
      (await ctx.stores().sessions.get(earlier.id))?.revokeReason,
      'logout',
      'the first reason stands',
    )
    assert.equal((await ctx.stores().sessions.get(stranger.id))?.revokedAt, null)
    assert.deepEqual(ids(await ctx.stores().sessions.revokeAllForUser(user.id, T0 + 2, 'logout_all')), [
      keep.id,
    ])
    assert.deepEqual(await ctx.stores().sessions.revokeAllForUser(user.id, T0 + 3, 'logout_all'), [])
  })

  it('listLive() lists the unrevoked, unexpired sessions of the user, newest first', async () => {
    const user = await ctx.newUser('live')
    const older = await ctx.newSession({ userId: user.id, createdAt: T0 })
    const newest = await ctx.newSession({ userId: user.id, createdAt: T0 + 9 })
    const newer = await ctx.newSession({ userId: user.id, createdAt: T0 + 5 })
    const revoked = await ctx.newSession({ userId: user.id })
    await revoke(revoked, T0, 'logout')
    await ctx.newSession({ userId: user.id, expiresAt: T0 + 10 })
    await ctx.newSession({ userId: ctx.otherId() })
    const live = await ctx.stores().sessions.listLive(user.id, T0 + 10)
    assert.deepEqual(live, [newest, newer, older])
    assert.deepEqual(await ctx.stores().sessions.listLive(user.id + 1_000_000, T0), [])
  })

  it('listRevokedSince() returns the sessions revoked at or after the time', async () => {
    const early = await ctx.newSession()
    const late = await ctx.newSession()
    const live = await ctx.newSession()
    await revoke(early, T0 + 199, 'logout')
    const lateRevoked = await revoke(late, T0 + 200, 'logout')
    const listed = await ctx.stores().sessions.listRevokedSince(T0 + 200)
    assert.deepEqual(
      listed.find((s) => s.id === late.id),
      lateRevoked,
    )
    assert.ok(!ids(listed).includes(early.id))
    assert.ok(!ids(listed).includes(live.id))
    assert.ok(listed.every((s) => s.revokedAt !== null && s.revokedAt >= T0 + 200))
  })

  it('flush() removes the expired sessions and those revoked before the cutoff, and reports how many', async () => {
    // A thousand days before T0, where no other test's session has expired or been revoked: the count is exact.
    const base = T0 - 1000 * DAY
    const now = base + 40 * DAY
    const cutoff = now - 30 * DAY
    const make = (expiresAt: number) => ctx.newSession({ createdAt: base, expiresAt })
    const live = await make(now + DAY)
    const expired = await make(now - 1)
    const expiringNow = await make(now)
    const oldRevoked = await make(now + DAY)
    const revokedAtCutoff = await make(now + DAY)
    const recentRevoked = await make(now + DAY)
    await revoke(oldRevoked, cutoff - 1, 'logout')
    await revoke(revokedAtCutoff, cutoff, 'logout')
    await revoke(recentRevoked, now - DAY, 'logout')

    assert.equal(await ctx.stores().sessions.flush(now, cutoff), 3)
    for (const gone of [expired, expiringNow, oldRevoked])
      assert.equal(await ctx.stores().sessions.get(gone.id), undefined)
    for (const kept of [live, revokedAtCutoff, recentRevoked])
      assert.ok(await ctx.stores().sessions.get(kept.id))
    assert.equal(await ctx.stores().sessions.flush(now, cutoff), 0, 'a second flush finds nothing')
  })
}
