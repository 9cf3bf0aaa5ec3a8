import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { NewSession, RotateInput, Session } from '../src/core/sessions/session.ts'
import { DAY, hex, type SuiteContext, T0 } from './store-conformance-context.ts'

const MINUTE = 60_000

/**
 * The operations that tie a state change to its owner and to liveness: rotate and use with the user in the
 * condition, reissue (a password change), revokeOwned, the idle timeout, the per-user cap and the paged list.
 */
export function ownershipConformance(ctx: SuiteContext): void {
  const sessions = () => ctx.stores().sessions
  const rotateInput = (session: Session, input: Partial<RotateInput> = {}): RotateInput => ({
    sessionId: session.id,
    userId: session.userId,
    presentedJti: session.currentJti,
    newJti: hex(),
    now: T0,
    idleTimeoutMs: 0,
    graceMs: 10_000,
    ...input,
  })
  const reissue = (session: Session, now: number, idleTimeoutMs = 0) =>
    sessions().reissue({ sessionId: session.id, userId: session.userId, newJti: hex(), now, idleTimeoutMs })

  it("rotate() with another user's id: missing, writing nothing, whether the token is current or a replay", async () => {
    const session = await ctx.newSession()
    for (const presentedJti of [session.currentJti, hex()]) {
      const outcome = await sessions().rotate(rotateInput(session, { userId: ctx.otherId(), presentedJti }))
      assert.deepEqual(outcome, { kind: 'missing' })
    }
    assert.deepEqual(await sessions().get(session.id), session)
  })

  it("use() with another user's id: missing, writing nothing", async () => {
    const session = await ctx.newSession()
    const outcome = await sessions().use({
      sessionId: session.id,
      userId: ctx.otherId(),
      presentedJti: session.currentJti,
      now: T0 + 5,
      idleTimeoutMs: 0,
    })
    assert.deepEqual(outcome, { kind: 'missing' })
    assert.deepEqual(await sessions().get(session.id), session)
  })

  it('reissue() makes a new current token with no predecessor: the retired one is a replay, not grace', async () => {
    const session = await ctx.newSession()
    const rotated = await sessions().rotate(rotateInput(session, { now: T0 + 1 }))
    assert.ok(rotated.kind === 'rotated')
    const after = await reissue(rotated.session, T0 + 2)
    assert.ok(after)
    assert.deepEqual(after, {
      ...rotated.session,
      currentJti: after.currentJti,
      previousJti: null,
      currentIssuedAt: T0 + 2,
      rotatedAt: T0 + 2,
      lastUsedAt: T0 + 2,
    })
    assert.notEqual(after.currentJti, rotated.session.currentJti)
    assert.deepEqual(await sessions().get(session.id), after)
    const replay = await sessions().rotate(
      rotateInput(session, { presentedJti: rotated.session.currentJti, now: T0 + 1000 }),
    )
    assert.equal(replay.kind, 'reuse', 'one second later, inside what would have been the grace window')
  })

  it("reissue() writes nothing for a revoked, expired or another user's session", async () => {
    const revoked = await ctx.newSession()
    await sessions().revokeOwned(revoked.id, revoked.userId, T0, 'logout')
    const revokedBefore = await sessions().get(revoked.id)
    assert.equal(await reissue(revoked, T0 + 1), undefined)
    assert.deepEqual(await sessions().get(revoked.id), revokedBefore)
    const short = await ctx.newSession({ expiresAt: T0 + 10 })
    assert.equal(await reissue(short, T0 + 10), undefined)
    assert.deepEqual(await sessions().get(short.id), short)
    const theirs = await ctx.newSession()
    const foreign = await sessions().reissue({
      sessionId: theirs.id,
      userId: ctx.otherId(),
      newJti: hex(),
      now: T0,
      idleTimeoutMs: 0,
    })
    assert.equal(foreign, undefined)
    assert.deepEqual(await sessions().get(theirs.id), theirs)
  })

  it('a rotation racing a reissue ends in one of two coherent states, never a reissue of a revoked session', async () => {
    const session = await ctx.newSession()
    const [rotated, reissued] = await Promise.all([
      sessions().rotate(rotateInput(session, { now: T0 + 1 })),
      reissue(session, T0 + 1),
    ])
    const stored = await sessions().get(session.id)
    if (rotated.kind === 'rotated') {
      // The rotation ran first: the reissue then replaced its token, and the session is live.
      assert.ok(reissued)
      assert.deepEqual(stored, reissued)
      assert.equal(stored?.revokedAt, null)
    } else {
      // The reissue ran first: the token it retired is a replay, and the session ends.
      assert.equal(rotated.kind, 'reuse')
      assert.ok(reissued)
      assert.equal(stored?.revokeReason, 'refresh_token_reuse')
    }
  })

  it("revokeOwned() with another user's id: missing, and the session stays live", async () => {
    const session = await ctx.newSession()
    assert.deepEqual(await sessions().revokeOwned(session.id, ctx.otherId(), T0, 'logout'), {
      kind: 'missing',
    })
    assert.deepEqual(await sessions().get(session.id), session)
  })

  it('revokeOwned() of an expired session: not_live, writing nothing', async () => {
    const short = await ctx.newSession({ expiresAt: T0 + 10 })
    assert.deepEqual(await sessions().revokeOwned(short.id, short.userId, T0 + 10, 'logout'), {
      kind: 'not_live',
    })
    assert.deepEqual(await sessions().get(short.id), short)
  })

  it('20 concurrent revokeOwned() of one session: exactly one revoked, 19 not_live', async () => {
    const session = await ctx.newSession()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sessions().revokeOwned(session.id, session.userId, T0 + i, 'logout'),
      ),
    )
    assert.equal(outcomes.filter((o) => o.kind === 'revoked').length, 1)
    assert.equal(outcomes.filter((o) => o.kind === 'not_live').length, 19)
  })

  it('with an idle timeout, a session unused for it is over: rotate and use answer missing, the list leaves it out', async () => {
    const user = await ctx.newUser('idle')
    const session = await ctx.newSession({ userId: user.id })
    const idle = 7 * DAY
    const within = await sessions().rotate(rotateInput(session, { now: T0 + idle - 1, idleTimeoutMs: idle }))
    assert.equal(within.kind, 'rotated', 'used within the timeout, bounds excluded')
    assert.ok(within.kind === 'rotated')
    const later = T0 + idle - 1 + idle
    assert.deepEqual(
      await sessions().rotate(rotateInput(within.session, { now: later, idleTimeoutMs: idle })),
      { kind: 'missing' },
    )
    assert.deepEqual(
      await sessions().use({
        sessionId: session.id,
        userId: user.id,
        presentedJti: within.session.currentJti,
        now: later,
        idleTimeoutMs: idle,
      }),
      { kind: 'missing' },
    )
    assert.deepEqual(
      await sessions().get(session.id),
      within.session,
      'an idle session is refused, not revoked',
    )
    assert.deepEqual(await sessions().listLive(user.id, later, { idleTimeoutMs: idle }), [])
    assert.equal(await sessions().countLive(user.id, { now: later, idleTimeoutMs: idle }), 0)
    assert.deepEqual(await sessions().listLive(user.id, later), [within.session], 'without the timeout, live')
  })

  it('createCapped() keeps the newest sessions up to the cap and revokes the oldest with reason session_limit', async () => {
    const user = await ctx.newUser('cap')
    const make = (createdAt: number): NewSession => ({
      id: hex(),
      userId: user.id,
      createdAt,
      expiresAt: createdAt + 30 * DAY,
      currentJti: hex(),
      userAgent: '',
      ip: '',
    })
    const first = await sessions().createCapped(make(T0), 3, 0)
    assert.deepEqual(first.evicted, [])
    await sessions().createCapped(make(T0 + MINUTE), 3, 0)
    await sessions().createCapped(make(T0 + 2 * MINUTE), 3, 0)
    const fourth = await sessions().createCapped(make(T0 + 3 * MINUTE), 3, 0)
    assert.deepEqual(fourth.evicted, [
      { ...first.session, revokedAt: T0 + 3 * MINUTE, revokeReason: 'session_limit' },
    ])
    const live = await sessions().listLive(user.id, T0 + 3 * MINUTE)
    assert.equal(live.length, 3)
    assert.equal(live[0]?.id, fourth.session.id)
  })

  it('createCapped() never revokes the session it creates, even when an older one shares its creation time', async () => {
    const user = await ctx.newUser('tie')
    const make = (): NewSession => ({
      id: hex(),
      userId: user.id,
      createdAt: T0,
      expiresAt: T0 + DAY,
      currentJti: hex(),
      userAgent: '',
      ip: '',
    })
    for (let i = 0; i < 5; i++) {
      const { session, evicted } = await sessions().createCapped(make(), 1, 0)
      assert.equal((await sessions().get(session.id))?.revokedAt, null)
      assert.ok(!evicted.some((s) => s.id === session.id))
    }
    assert.equal(await sessions().countLive(user.id, { now: T0, idleTimeoutMs: 0 }), 1)
  })

  it('20 concurrent createCapped() for one user under a cap of 5: exactly 5 live sessions remain', async () => {
    const user = await ctx.newUser('burst')
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sessions().createCapped(
          {
            id: hex(),
            userId: user.id,
            createdAt: T0 + i * 1000,
            expiresAt: T0 + DAY,
            currentJti: hex(),
            userAgent: '',
            ip: '',
          },
          5,
          0,
        ),
      ),
    )
    assert.equal(await sessions().countLive(user.id, { now: T0 + 20_000, idleTimeoutMs: 0 }), 5)
  })

  it('listLive() pages newest first with offset and limit; countLive() counts them all', async () => {
    const user = await ctx.newUser('page')
    const made: Session[] = []
    for (let i = 0; i < 5; i++) made.push(await ctx.newSession({ userId: user.id, createdAt: T0 + i }))
    const newestFirst = [...made].reverse()
    const now = T0 + 10
    assert.deepEqual(
      await sessions().listLive(user.id, now, { offset: 0, limit: 2 }),
      newestFirst.slice(0, 2),
    )
    assert.deepEqual(
      await sessions().listLive(user.id, now, { offset: 2, limit: 2 }),
      newestFirst.slice(2, 4),
    )
    assert.deepEqual(await sessions().listLive(user.id, now, { offset: 4, limit: 2 }), newestFirst.slice(4))
    assert.deepEqual(await sessions().listLive(user.id, now, { offset: 3 }), newestFirst.slice(3))
    assert.equal(await sessions().countLive(user.id, { now, idleTimeoutMs: 0 }), 5)
  })
}
