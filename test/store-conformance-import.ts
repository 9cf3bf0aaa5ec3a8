import assert from 'node:assert/strict'
import { it } from 'node:test'
import type { UserImportRecord } from '../src/core/django/import-store.ts'
import type { User } from '../src/core/users/user.ts'
import { DAY, hex, type SuiteContext, T0 } from './store-conformance-context.ts'

/** Ids far above the ones the other tests create, each test its own. */
let nextBlock = 400_000 + Math.floor(Math.random() * 1000) * 100
const ids = (n: number) => {
  const first = nextBlock
  nextBlock += 100
  return Array.from({ length: n }, (_, i) => first + i)
}

function imported(id: number, change: Partial<User> = {}): UserImportRecord {
  const user: User = {
    id,
    username: `dj-${id}-${hex().slice(0, 6)}`,
    passwordHash: 'pbkdf2_sha256$870000$salt$hash',
    firstName: 'Dj',
    lastName: 'Ango',
    email: `${id}@example.test`,
    isActive: true,
    isStaff: false,
    isSuperuser: false,
    dateJoined: T0 - DAY,
    lastLogin: null,
    ...change,
  }
  return { user, djangoRow: JSON.stringify({ id }) }
}

/** The writes of `latchkey import-django` (DjangoImportStore), and the user operations the migration relies on. */
export function importConformance(ctx: SuiteContext): void {
  const store = () => ctx.stores().djangoImport

  it('inserts imported users with their own ids, every field and the Django row kept', async () => {
    const [a = 0, b = 0] = ids(2)
    const records = [imported(a, { lastLogin: T0, isStaff: true }), imported(b, { isActive: false })]
    assert.equal(await store().upsertImportedUsers(records), 2)
    for (const record of records)
      assert.deepEqual(await ctx.stores().users.findById(record.user.id), record.user)
    const found = await store().findForImport([a], [records[1]?.user.username ?? ''])
    assert.deepEqual(
      [...found].sort((x, y) => x.user.id - y.user.id),
      records,
    )
  })

  it('overwrites a user an earlier import created, and never a user created in Latchkey', async () => {
    const [a = 0] = ids(1)
    const first = imported(a)
    await store().upsertImportedUsers([first])
    const native = await ctx.newUser('native')
    const changed = imported(a, { username: first.user.username, lastName: 'Changed' })
    const hijack = imported(native.id, { username: native.username, passwordHash: 'attacker' })
    assert.equal(await store().upsertImportedUsers([changed, hijack]), 1)
    assert.equal((await ctx.stores().users.findById(a))?.lastName, 'Changed')
    assert.deepEqual(await ctx.stores().users.findById(native.id), native)
    assert.deepEqual(await store().findForImport([native.id], []), [{ user: native, djangoRow: null }])
  })

  it('reserves ids: a user created after the reservation gets a higher id, and it never moves back', async () => {
    const [high = 0] = ids(1)
    await store().reserveUserIds(high)
    await store().reserveUserIds(high - 50)
    const created = await ctx.newUser('after-reserve')
    assert.ok(created.id > high, `${created.id} > ${high}`)
  })

  it('adds imported sessions whose id is free and leaves an existing one as it is', async () => {
    const first = {
      id: hex(),
      userId: ctx.userId(),
      createdAt: T0,
      expiresAt: T0 + DAY,
      currentJti: hex(),
      userAgent: '',
      ip: '',
    }
    assert.equal(await store().addImportedSessions([first], T0), 1)
    const rotated = await ctx.stores().sessions.rotate({
      sessionId: first.id,
      presentedJti: first.currentJti,
      newJti: hex(),
      now: T0 + 1,
      graceMs: 0,
      userId: ctx.userId(),
      idleTimeoutMs: 0,
    })
    assert.equal(rotated.kind, 'rotated')
    const second = { ...first, id: hex(), currentJti: hex() }
    assert.equal(await store().addImportedSessions([first, second], T0), 1)
    assert.deepEqual(
      await ctx.stores().sessions.get(first.id),
      rotated.kind === 'rotated' ? rotated.session : null,
    )
    assert.equal((await ctx.stores().sessions.get(second.id))?.currentJti, second.currentJti)
  })

  it('revokes imported sessions still at their imported token, and no rotated, revoked or expired one', async () => {
    const session = (expiresAt = T0 + DAY) => ({
      id: hex(),
      userId: ctx.userId(),
      createdAt: T0,
      expiresAt,
      currentJti: hex(),
      userAgent: '',
      ip: '',
    })
    const [unused, used, revoked, expired] = [session(), session(), session(), session(T0 + 5)]
    await store().addImportedSessions([unused, used, revoked, expired], T0)
    await ctx.stores().sessions.rotate({
      sessionId: used.id,
      presentedJti: used.currentJti,
      newJti: hex(),
      now: T0 + 1,
      graceMs: 0,
      userId: ctx.userId(),
      idleTimeoutMs: 0,
    })
    await ctx.stores().sessions.revokeOwned(revoked.id, ctx.userId(), T0 + 2, 'logout_all')
    const ids = [unused, used, revoked, expired].map((s) => s.id)
    assert.equal(await store().revokeUnusedImportedSessions(ids, T0 + 10), 1)
    assert.equal((await ctx.stores().sessions.get(unused.id))?.revokeReason, 'logout')
    assert.equal((await ctx.stores().sessions.get(used.id))?.revokedAt, null)
    assert.equal((await ctx.stores().sessions.get(revoked.id))?.revokeReason, 'logout_all')
    assert.equal((await ctx.stores().sessions.get(expired.id))?.revokedAt, null)
  })

  it('replaces a password hash only while it is still the one expected', async () => {
    const user = await ctx.newUser('rehash')
    assert.equal(await ctx.stores().users.replacePasswordHash(user.id, 'not-it', 'new'), false)
    assert.equal((await ctx.stores().users.findById(user.id))?.passwordHash, user.passwordHash)
    assert.equal(await ctx.stores().users.replacePasswordHash(user.id, user.passwordHash, 'new'), true)
    assert.equal((await ctx.stores().users.findById(user.id))?.passwordHash, 'new')
    assert.equal(await ctx.stores().users.replacePasswordHash(user.id, user.passwordHash, 'newer'), false)
  })

  it("finds the newest user's Django hash still waiting for its upgrade, never another kind", async () => {
    const hash = `pbkdf2_sha1$1000$${hex()}$x`
    await ctx.stores().users.create({ username: `legacy-${hex()}`, passwordHash: hash }, T0)
    for (const other of ['$argon2id$v=19$m=1,t=1,p=1$s$h', '!unusable', 'md5$s$h'])
      await ctx.stores().users.create({ username: `other-${hex()}`, passwordHash: other }, T0)
    assert.equal(await ctx.stores().users.findLegacyPasswordHash(), hash)
  })
}
