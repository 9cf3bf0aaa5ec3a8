import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { Session, UseInput } from '../core/sessions/session.ts'
import type { User } from '../core/users/user.ts'
import { hex, rotatorFor, type SuiteContext, T0 } from './store-conformance-context.ts'

const GRACE = 10_000

/**
 * rotate and use with the user's state in their condition: a missing user is `user_missing`, an inactive one
 * `user_inactive`, decided before anything about the session, and neither answer writes anything — no rotation, no
 * grace answer, no reuse detection and so no revocation.
 */
export function userStateConformance(ctx: SuiteContext): void {
  const sessions = () => ctx.stores().sessions
  const users = () => ctx.stores().users
  const rotate = rotatorFor(ctx, { graceMs: GRACE, now: T0 + 1 })
  const use = (session: Session, input: Partial<UseInput> = {}) =>
    sessions().use({
      sessionId: session.id,
      userId: session.userId,
      presentedJti: session.currentJti,
      now: T0 + 1,
      idleTimeoutMs: 0,
      ...input,
    })
  /** A user of its own (so deactivating it touches no other test) with one session. */
  const userWithSession = async (): Promise<{ user: User; session: Session }> => {
    const user = await ctx.newUser('state')
    return { user, session: await ctx.newSession({ userId: user.id }) }
  }
  const deactivate = (user: User) => users().setActive(user.id, false)

  it("rotate(): an inactive user's current token is user_inactive, and the session is unchanged", async () => {
    const { user, session } = await userWithSession()
    await deactivate(user)
    assert.deepEqual(await rotate(session), { kind: 'user_inactive' })
    assert.deepEqual(await sessions().get(session.id), session)
    await users().setActive(user.id, true)
    assert.equal(
      (await rotate(session, { now: T0 + 2 })).kind,
      'rotated',
      'active again, the same token rotates',
    )
  })

  it("rotate(): an inactive user's replayed token is user_inactive, inside the window or after it: no grace, nothing revoked", async () => {
    const { user, session } = await userWithSession()
    const rotated = await rotate(session)
    assert.ok(rotated.kind === 'rotated')
    await deactivate(user)
    for (const now of [T0 + 2, T0 + 1 + GRACE + 1]) {
      assert.deepEqual(await rotate(session, { now }), { kind: 'user_inactive' }, `at +${now - T0} ms`)
      assert.deepEqual(await rotate(session, { presentedJti: hex(), now }), { kind: 'user_inactive' })
    }
    const stored = await sessions().get(session.id)
    assert.deepEqual(stored, rotated.session, 'not revoked, not rotated')
    assert.equal(stored?.revokedAt, null)
  })

  it("rotate(): the user's state is decided first: an inactive user's revoked or expired session is user_inactive too", async () => {
    const { user, session } = await userWithSession()
    const short = await ctx.newSession({ userId: user.id, expiresAt: T0 + 10 })
    const revoked = await sessions().revokeOwned(session.id, user.id, T0, 'logout')
    assert.equal(revoked.kind, 'revoked')
    await deactivate(user)
    assert.deepEqual(await rotate(session), { kind: 'user_inactive' })
    assert.deepEqual(await rotate(short, { now: T0 + 10 }), { kind: 'user_inactive' })
    assert.deepEqual(await rotate(session, { sessionId: hex() }), { kind: 'user_inactive' })
  })

  it("rotate(): a deleted user's token is user_missing, and a token naming a missing user changes no one's session", async () => {
    const { user, session } = await userWithSession()
    assert.equal((await users().delete(user.id)).kind, 'done')
    assert.deepEqual(await rotate(session), { kind: 'user_missing' })
    assert.deepEqual(await rotate(session, { presentedJti: hex(), now: T0 + GRACE + 5 }), {
      kind: 'user_missing',
    })
    // Another user's live session, presented under the deleted user's id (a forgery): refused, untouched.
    const other = await ctx.newSession()
    for (const presentedJti of [other.currentJti, hex()])
      assert.deepEqual(await rotate(other, { userId: user.id, presentedJti }), { kind: 'user_missing' })
    assert.deepEqual(await sessions().get(other.id), other)
  })

  it("use(): an inactive user's token is user_inactive, current or not, and lastUsedAt is not bumped", async () => {
    const { user, session } = await userWithSession()
    await deactivate(user)
    assert.deepEqual(await use(session, { now: T0 + 50 }), { kind: 'user_inactive' })
    assert.deepEqual(await use(session, { presentedJti: hex(), now: T0 + 50 }), { kind: 'user_inactive' })
    assert.deepEqual(await use(session, { sessionId: hex() }), { kind: 'user_inactive' })
    assert.deepEqual(await sessions().get(session.id), session)
    await users().setActive(user.id, true)
    assert.deepEqual(await use(session, { now: T0 + 60 }), {
      kind: 'valid',
      session: { ...session, lastUsedAt: T0 + 60 },
    })
  })

  it("use(): a deleted user's token is user_missing, and so is another user's session under its id", async () => {
    const { user, session } = await userWithSession()
    assert.equal((await users().delete(user.id)).kind, 'done')
    assert.deepEqual(await use(session), { kind: 'user_missing' })
    const other = await ctx.newSession()
    assert.deepEqual(await use(other, { userId: user.id }), { kind: 'user_missing' })
    assert.deepEqual(await sessions().get(other.id), other)
  })
}
