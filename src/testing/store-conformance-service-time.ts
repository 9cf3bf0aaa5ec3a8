import assert from 'node:assert/strict'
import { it } from 'node:test'
import { DAY, rotatorFor, type SuiteContext, T0 } from './store-conformance-context.ts'

const GRACE = 10_000

/**
 * The grace window counts service time, not wall time (README, "Sessions"): a retired token whose rotation
 * committed just before an outage keeps its grace for that long after service resumes, while two holders of one
 * token who keep refreshing in normal service are caught within one grace window, as before.
 */
export function serviceTimeConformance(ctx: SuiteContext): void {
  const rotate = rotatorFor(ctx, { graceMs: GRACE, now: T0 })

  it('records the rotation at its service time, and measures the grace window on service time', async () => {
    const session = await ctx.newSession()
    // Service time runs 60 s behind wall time: a minute of outage happened before.
    const outcome = await rotate(session, { now: T0 + 61_000, serviceNow: T0 + 1000 })
    assert.equal(outcome.kind, 'rotated')
    assert.ok(outcome.kind === 'rotated')
    assert.equal(outcome.session.rotatedAt, T0 + 1000)
    assert.equal(outcome.session.currentIssuedAt, T0 + 61_000, 'the token itself is stamped with wall time')
  })

  it('a retired token whose answer was lost in a 30 s outage still gets its successor when service resumes', async () => {
    const session = await ctx.newSession()
    const first = await rotate(session, { now: T0 + 1000, serviceNow: T0 + 1000 })
    assert.ok(first.kind === 'rotated')
    // 33 s of wall time later, of which 30 s the service could not answer: 3 s of service time.
    const retry = await rotate(session, { now: T0 + 34_000, serviceNow: T0 + 4000 })
    assert.equal(retry.kind, 'grace')
    assert.ok(retry.kind === 'grace')
    assert.equal(retry.session.currentJti, first.session.currentJti, 'the same successor, nothing written')
  })

  it('two holders who keep refreshing are caught once one grace window of service time has passed', async () => {
    const session = await ctx.newSession()
    const first = await rotate(session, { now: T0 + 1000, serviceNow: T0 + 1000 })
    assert.ok(first.kind === 'rotated')
    const replay = await rotate(session, { now: T0 + 1000 + GRACE + 1, serviceNow: T0 + 1000 + GRACE + 1 })
    assert.equal(replay.kind, 'reuse')
    assert.equal((await ctx.stores().sessions.get(session.id))?.revokeReason, 'refresh_token_reuse')
  })

  it('the window is service time even when wall time has barely moved', async () => {
    const session = await ctx.newSession()
    const first = await rotate(session, { now: T0 + 1000, serviceNow: T0 + 1000 })
    assert.ok(first.kind === 'rotated')
    const replay = await rotate(session, { now: T0 + 1001, serviceNow: T0 + 1000 + GRACE + 1 })
    assert.equal(replay.kind, 'reuse')
  })

  /** Every beat test works further in the future than the last: the last beat never moves backwards. */
  let base = T0 + 1000 * DAY
  const next = () => {
    base += DAY
    return base
  }
  const clock = () => {
    const store = ctx.stores().serviceClock
    assert.ok(store, 'the store set provides a service clock')
    return store
  }

  it('service clock: beats of a running service add nothing, however far apart', async () => {
    const t = next()
    const offset = await clock().beat(t, false)
    assert.equal(await clock().beat(t + 1000, false), offset)
    assert.equal(await clock().beat(t + 60_000, false), offset)
  })

  it('service clock: a resuming beat adds the time since the last beat of any instance', async () => {
    const t = next()
    const offset = await clock().beat(t, false)
    assert.equal(await clock().beat(t + 30_000, true), offset + 30_000)
    assert.equal(
      await clock().beat(t + 30_500, true),
      offset + 30_500,
      'a second instance resuming adds only its gap',
    )
  })

  it('service clock: an instance whose clock is behind neither adds time nor moves the last beat back', async () => {
    const t = next()
    const offset = await clock().beat(t, false)
    assert.equal(await clock().beat(t - 5000, true), offset)
    assert.equal(await clock().beat(t + 1000, true), offset + 1000)
  })
}
