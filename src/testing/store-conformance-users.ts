import assert from 'node:assert/strict'
import { it } from 'node:test'
import { hex, type SuiteContext, T0 } from './store-conformance-context.ts'

export function userConformance(ctx: SuiteContext): void {
  it('creates a user with Django defaults and finds it by id and by exact username', async () => {
    const username = `Case-${hex()}`
    const created = await ctx.stores().users.create({ username, passwordHash: 'x', firstName: 'Ann' }, T0)
    assert.ok(created)
    assert.ok(Number.isInteger(created.id) && created.id > 0)
    assert.deepEqual(
      { ...created, id: 0 },
      {
        id: 0,
        username,
        passwordHash: 'x',
        firstName: 'Ann',
        lastName: '',
        email: '',
        isActive: true,
        isStaff: false,
        isSuperuser: false,
        dateJoined: T0,
        lastLogin: null,
      },
    )
    assert.deepEqual(await ctx.stores().users.findById(created.id), created)
    assert.deepEqual(await ctx.stores().users.findByUsername(username), created)
  })

  it('keeps every field it is given, flags included', async () => {
    const input = {
      username: `full-${hex()}`,
      passwordHash: 'pbkdf2_sha256$1000000$salt$hash',
      firstName: 'Zoë',
      lastName: "O'Brien",
      email: 'zoe@example.test',
      isActive: false,
      isStaff: true,
      isSuperuser: true,
    }
    const created = await ctx.stores().users.create(input, T0 + 3)
    assert.ok(created)
    assert.deepEqual(await ctx.stores().users.findById(created.id), {
      ...input,
      id: created.id,
      dateJoined: T0 + 3,
      lastLogin: null,
    })
  })

  it('refuses a duplicate username by returning undefined, leaving the first user as it was', async () => {
    const username = `dup-${hex()}`
    const first = await ctx.stores().users.create({ username, passwordHash: 'x' }, T0)
    assert.ok(first)
    assert.equal(await ctx.stores().users.create({ username, passwordHash: 'y' }, T0 + 1), undefined)
    assert.deepEqual(await ctx.stores().users.findByUsername(username), first)
  })

  it('lets exactly one of several concurrent creates of one username win', async () => {
    const username = `race-${hex()}`
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.stores().users.create({ username, passwordHash: `h${i}` }, T0),
      ),
    )
    assert.equal(results.filter((user) => user !== undefined).length, 1)
  })

  it('treats usernames as case-sensitive, as Django does', async () => {
    const suffix = hex()
    const upper = await ctx.stores().users.create({ username: `Alice-${suffix}`, passwordHash: 'x' }, T0)
    const lower = await ctx.stores().users.create({ username: `alice-${suffix}`, passwordHash: 'y' }, T0)
    assert.ok(upper && lower, 'names differing only in case are different users')
    assert.notEqual(upper.id, lower.id)
    assert.equal((await ctx.stores().users.findByUsername(`Alice-${suffix}`))?.id, upper.id)
    assert.equal((await ctx.stores().users.findByUsername(`alice-${suffix}`))?.id, lower.id)
    assert.equal(await ctx.stores().users.findByUsername(`ALICE-${suffix}`), undefined)
  })

  it('stores long values whole, the same on every backend', async () => {
    const username = `long-${'x'.repeat(200)}-${hex()}`
    const email = `${'e'.repeat(300)}@example.test`
    const created = await ctx.stores().users.create({ username, passwordHash: 'x', email }, T0)
    assert.ok(created)
    assert.equal((await ctx.stores().users.findByUsername(username))?.email, email)
  })

  it('sets the password hash, the active flag and the last login, and nothing else', async () => {
    const user = await ctx.newUser('upd')
    await ctx.stores().users.setPasswordHash(user.id, 'new')
    await ctx.stores().users.setActive(user.id, false)
    await ctx.stores().users.recordLogin(user.id, T0 + 5)
    assert.deepEqual(await ctx.stores().users.findById(user.id), {
      ...user,
      passwordHash: 'new',
      isActive: false,
      lastLogin: T0 + 5,
    })
    await ctx.stores().users.setActive(user.id, true)
    assert.equal((await ctx.stores().users.findById(user.id))?.isActive, true)
  })

  it('deleting a user deletes its sessions and no one else’s', async () => {
    const user = await ctx.newUser('del')
    const a = await ctx.newSession({ userId: user.id })
    const b = await ctx.newSession({ userId: user.id })
    const stranger = await ctx.newSession({ userId: ctx.otherId() })
    await ctx.stores().users.delete(user.id)
    assert.equal(await ctx.stores().users.findById(user.id), undefined)
    assert.equal(await ctx.stores().users.findByUsername(user.username), undefined)
    assert.equal(await ctx.stores().sessions.get(a.id), undefined)
    assert.equal(await ctx.stores().sessions.get(b.id), undefined)
    assert.ok(await ctx.stores().sessions.get(stranger.id))
  })

  it('finds nothing, and throws nothing, for unknown or impossible ids and usernames', async () => {
    for (const id of [987_654_321, 0, -1, 1.5, 2 ** 31, 2 ** 53, Number.NaN]) {
      assert.equal(await ctx.stores().users.findById(id), undefined, `id ${id}`)
      await ctx.stores().users.setActive(id, false)
      await ctx.stores().users.recordLogin(id, T0)
      await ctx.stores().users.setPasswordHash(id, 'x')
      await ctx.stores().users.delete(id)
    }
    assert.equal(await ctx.stores().users.findByUsername("' OR '1'='1"), undefined)
    assert.equal(await ctx.stores().users.findByUsername(''), undefined)
    assert.equal(await ctx.stores().users.findByUsername('y'.repeat(1000)), undefined)
  })

  it('refuses a session for a user that does not exist', async () => {
    await assert.rejects(ctx.newSession({ userId: 987_654_321 }))
  })
}
