import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { RotateOutcome, Session } from '../core/sessions/session.ts'
import { hex, rotatorFor, type SuiteContext, T0 } from './store-conformance-context.ts'

const GRACE = 10_000

const count = (outcomes: readonly RotateOutcome[]) => {
  const counts: Record<string, number> = {}
  for (const { kind } of outcomes) counts[kind] = (counts[kind] ?? 0) + 1
  return counts
}

export function rotateConformance(ctx: SuiteContext): void {
  const rotate = rotatorFor(ctx, { graceMs: GRACE, now: T0 })
  /** Rotates once and returns the session as it is after. */
  const rotated = async (session: Session, now: number) => {
    const outcome = await rotate(session, { now })
    assert.equal(outcome.kind, 'rotated')
    assert.ok(outcome.kind === 'rotated')
    return outcome.session
  }

  it('rotates the current token: it becomes previous, the new one current, and all three times are now', async () => {
    const session = await ctx.newSession()
    const newJti = hex()
    const outcome = await rotate(session, { newJti, now: T0 + 1000 })
    assert.equal(outcome.kind, 'rotated')
    assert.ok(outcome.kind === 'rotated')
    const expected: Session = {
      ...session,
      currentJti: newJti,
      previousJti: session.currentJti,
      rotatedAt: T0 + 1000,
      currentIssuedAt: T0 + 1000,
      lastUsedAt: T0 + 1000,
    }
    assert.deepEqual(outcome.session, expected)
    assert.deepEqual(await ctx.stores().sessions.get(session.id), expected)
  })

  it('keeps rotating down the chain: each new current token rotates in turn', async () => {
    let session = await ctx.newSession()
    for (let i = 1; i <= 3; i++) {
      const before = session
      session = await rotated(session, T0 + i)
      assert.equal(session.previousJti, before.currentJti)
    }
  })

  it('answers the just-retired token inside the window (bounds included) with the same successor, writing nothing', async () => {
    const original = await ctx.newSession()
    const after = await rotated(original, T0)
    for (const now of [T0, T0 + 1, T0 + GRACE]) {
      const outcome = await rotate(original, { now })
      assert.equal(outcome.kind, 'grace', `at +${now - T0} ms`)
      assert.ok(outcome.kind === 'grace')
      assert.deepEqual(outcome.session, after)
    }
    assert.deepEqual(await ctx.stores().sessions.get(original.id), after, 'grace writes nothing')
  })

  it('treats the just-retired token after the window as reuse: it revokes the session, newest token included', async () => {
    const original = await ctx.newSession()
    const after = await rotated(original, T0)
    const outcome = await rotate(original, { now: T0 + GRACE + 1 })
    assert.equal(outcome.kind, 'reuse')
    assert.ok(outcome.kind === 'reuse')
    const revoked = { ...after, revokedAt: T0 + GRACE + 1, revokeReason: 'refresh_token_reuse' }
    assert.deepEqual(outcome.session, revoked)
    assert.deepEqual(await ctx.stores().sessions.get(original.id), revoked)
    const newest = await rotate(after, { now: T0 + GRACE + 2 })
    assert.equal(newest.kind, 'revoked', 'the newest token of a revoked session no longer rotates')
    assert.ok(newest.kind === 'revoked')
    assert.deepEqual(newest.session, revoked)
  })

  it('treats a grandparent token as reuse even inside the window', async () => {
    const original = await ctx.newSession()
    await rotated(await rotated(original, T0), T0 + 1)
    const outcome = await rotate(original, { now: T0 + 2 })
    assert.equal(outcome.kind, 'reuse')
    assert.equal((await ctx.stores().sessions.get(original.id))?.revokeReason, 'refresh_token_reuse')
  })

  it('treats a token the session never had as reuse', async () => {
    const session = await ctx.newSession()
    assert.equal((await rotate(session, { presentedJti: hex(), now: T0 + 1 })).kind, 'reuse')
  })

  it('with a grace window of 0, a retired token is reuse at once, even within the same millisecond', async () => {
    const original = await ctx.newSession()
    await rotated(original, T0)
    assert.equal((await rotate(original, { now: T0, graceMs: 0 })).kind, 'reuse')
  })

  it('answers missing for an unknown session and for an expired one (expiry is exclusive), writing nothing', async () => {
    const unknown = await ctx.stores().sessions.rotate({
      sessionId: hex(),
      userId: ctx.userId(),
      presentedJti: hex(),
      newJti: hex(),
      now: T0,
      idleTimeoutMs: 0,
      graceMs: GRACE,
    })
    assert.deepEqual(unknown, { kind: 'missing' })
    const short = await ctx.newSession({ expiresAt: T0 + 1000 })
    assert.equal((await rotate(short, { now: T0 + 999 })).kind, 'rotated', 'live until its last millisecond')
    const after = await ctx.stores().sessions.get(short.id)
    assert.ok(after)
    assert.deepEqual(await rotate(after, { now: T0 + 1000 }), { kind: 'missing' })
    assert.deepEqual(
      await rotate(short, { now: T0 + 1000 }),
      { kind: 'missing' },
      'not reuse: nothing to revoke',
    )
    assert.deepEqual(await ctx.stores().sessions.get(short.id), after)
  })

  it('answers revoked for a revoked session, whatever token comes, and keeps the first reason', async () => {
    const session = await ctx.newSession()
    const outcome = await ctx.stores().sessions.revokeOwned(session.id, session.userId, T0, 'logout')
    assert.ok(outcome.kind === 'revoked')
    const revoked = outcome.session
    for (const presentedJti of [session.currentJti, hex()]) {
      const outcome = await rotate(session, { presentedJti, now: T0 + 1 })
      assert.equal(outcome.kind, 'revoked')
      assert.ok(outcome.kind === 'revoked')
      assert.deepEqual(outcome.session, revoked)
    }
  })

  it('20 concurrent rotations of one token: one rotated, 19 grace, all naming the one successor', async (t) => {
    const session = await ctx.newSession()
    const started = performance.now()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => rotate(session, { now: T0 + i, newJti: `${i}-${hex()}` })),
    )
    t.diagnostic(`20 concurrent rotations took ${(performance.now() - started).toFixed(1)} ms`)
    assert.deepEqual(count(outcomes), { rotated: 1, grace: 19 })
    const winner = outcomes.find((o) => o.kind === 'rotated')
    assert.ok(winner?.kind === 'rotated')
    for (const outcome of outcomes) {
      assert.ok(outcome.kind === 'rotated' || outcome.kind === 'grace')
      assert.equal(outcome.session.currentJti, winner.session.currentJti)
      assert.equal(outcome.session.previousJti, session.currentJti)
    }
    assert.deepEqual(await ctx.stores().sessions.get(session.id), winner.session)
  })

  it('20 concurrent rotations of one token without grace: one rotated, one reuse, 18 revoked', async () => {
    const session = await ctx.newSession()
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        rotate(session, { now: T0 + 1, graceMs: 0, newJti: `${i}-${hex()}` }),
      ),
    )
    assert.deepEqual(count(outcomes), { rotated: 1, reuse: 1, revoked: 18 })
    const stored = await ctx.stores().sessions.get(session.id)
    assert.equal(stored?.revokeReason, 'refresh_token_reuse')
    for (const outcome of outcomes)
      if (outcome.kind === 'reuse' || outcome.kind === 'revoked') assert.deepEqual(outcome.session, stored)
  })

  it('20 concurrent replays of a stale token: exactly one revokes (reuse), the other 19 hear revoked', async () => {
    const original = await ctx.newSession()
    await rotated(await rotated(original, T0), T0 + 1)
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => rotate(original, { now: T0 + 2 })))
    assert.deepEqual(count(outcomes), { reuse: 1, revoked: 19 })
    const stored = await ctx.stores().sessions.get(original.id)
    assert.equal(stored?.revokedAt, T0 + 2)
    for (const outcome of outcomes) {
      assert.ok(outcome.kind === 'reuse' || outcome.kind === 'revoked')
      assert.deepEqual(outcome.session, stored)
    }
  })
}
