import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { AuditEntry } from '../core/audit/audit-store.ts'
import type { OpenedStores } from './store-conformance-context.ts'
import { hex, T0 } from './store-conformance-context.ts'

/**
 * The operations behind user management and the audit log: guarded updates and deletes (never leaving no active
 * superuser), listing with search and filters, the case-insensitive create, and the append-only audit table. These
 * tests count rows and superusers, so they run on a store of their own.
 */
export function adminConformance(open: () => Promise<OpenedStores>): void {
  let stores: OpenedStores | undefined
  const s = () => {
    assert.ok(stores)
    return stores
  }
  before(async () => {
    stores = await open()
  })
  after(() => stores?.close())

  const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
    type: 'login',
    at: T0,
    userId: 1,
    actorId: null,
    sessionId: hex(),
    ip: '203.0.113.9',
    userAgent: 'agent',
    detail: {},
    ...overrides,
  })

  it('refuses a new user whose name equals an existing one up to case, and creates distinct names', async () => {
    const name = `Carol-${hex()}`
    const carol = await s().users.createIfNameFree({ username: name, passwordHash: 'h' }, T0)
    assert.ok(carol)
    assert.equal(
      await s().users.createIfNameFree({ username: name.toLowerCase(), passwordHash: 'h' }, T0),
      undefined,
    )
    assert.equal(await s().users.createIfNameFree({ username: name, passwordHash: 'h' }, T0), undefined)
    const other = await s().users.createIfNameFree(
      { username: `${name}x`, passwordHash: 'h', email: 'c@example.test', isStaff: true },
      T0 + 1,
    )
    assert.ok(other)
    assert.deepEqual(await s().users.findById(other.id), other)
    assert.equal(other.email, 'c@example.test')
    assert.equal(other.isStaff, true)
    assert.equal(other.dateJoined, T0 + 1)
  })

  it('lets exactly one of several concurrent creates through, whatever the case of each name', async () => {
    for (let round = 0; round < 5; round++) {
      const name = `race-${hex()}`
      const variants = [
        name,
        name.toUpperCase(),
        `R${name.slice(1)}`,
        `rA${name.slice(2)}`,
        name,
        name.toUpperCase(),
      ]
      const results = await Promise.all(
        variants.map((username) => s().users.createIfNameFree({ username, passwordHash: 'h' }, T0)),
      )
      assert.equal(results.filter((u) => u !== undefined).length, 1, `round ${round}`)
    }
  })

  it('does not let an older case variant (imported, or created before this rule) block or be blocked by itself', async () => {
    const name = `Legacy-${hex()}`
    assert.ok(await s().users.create({ username: name, passwordHash: 'h' }, T0))
    assert.ok(
      await s().users.create({ username: name.toLowerCase(), passwordHash: 'h' }, T0),
      'as Django allowed',
    )
    assert.equal(
      await s().users.createIfNameFree({ username: name.toUpperCase(), passwordHash: 'h' }, T0),
      undefined,
    )
  })

  it('lists by id with a total count, searching names and email case-insensitively and filtering flags', async () => {
    const tag = hex().slice(0, 10)
    const a = await s().users.create(
      { username: `Ann_${tag}`, passwordHash: 'h', email: `ann@${tag}.test` },
      T0,
    )
    const b = await s().users.create({ username: `bob_${tag}`, passwordHash: 'h', isStaff: true }, T0)
    const c = await s().users.create(
      { username: `cy_${tag}`, passwordHash: 'h', lastName: `ANN${tag}`, isActive: false },
      T0,
    )
    assert.ok(a && b && c)
    const all = await s().users.list({ search: tag.toUpperCase(), offset: 0, limit: 10 })
    assert.deepEqual(
      all.users.map((u) => u.id),
      [a.id, b.id, c.id],
    )
    assert.equal(all.count, 3)
    const ann = await s().users.list({ search: `ann`, offset: 0, limit: 10 })
    assert.ok(ann.users.some((u) => u.id === a.id) && ann.users.some((u) => u.id === c.id))
    assert.deepEqual((await s().users.list({ search: tag, isStaff: true, offset: 0, limit: 10 })).users, [b])
    assert.deepEqual((await s().users.list({ search: tag, isActive: false, offset: 0, limit: 10 })).users, [
      c,
    ])
    const page = await s().users.list({ search: tag, offset: 1, limit: 1 })
    assert.equal(page.count, 3)
    assert.deepEqual(page.users, [b])
  })

  it('matches % and _ in a search literally, and a NUL matches nothing', async () => {
    const tag = hex().slice(0, 8)
    const pct = await s().users.create(
      { username: `p_${tag}`, passwordHash: 'h', firstName: `50%${tag}` },
      T0,
    )
    await s().users.create({ username: `q_${tag}`, passwordHash: 'h', firstName: `50x${tag}` }, T0)
    assert.ok(pct)
    assert.deepEqual((await s().users.list({ search: `50%${tag}`, offset: 0, limit: 10 })).users, [pct])
    assert.equal((await s().users.list({ search: `_${tag}x`, offset: 0, limit: 10 })).count, 0)
    assert.deepEqual(await s().users.list({ search: 'a\u0000b', offset: 0, limit: 10 }), {
      count: 0,
      users: [],
    })
  })

  it('updates only the given fields and returns the user as stored', async () => {
    const user = await s().users.create({ username: `upd-${hex()}`, passwordHash: 'h' }, T0)
    assert.ok(user)
    const outcome = await s().users.update(user.id, {
      firstName: 'Zoë',
      email: 'z@example.test',
      isStaff: true,
    })
    assert.deepEqual(outcome, {
      kind: 'done',
      user: { ...user, firstName: 'Zoë', email: 'z@example.test', isStaff: true },
    })
    assert.deepEqual(await s().users.findById(user.id), {
      ...user,
      firstName: 'Zoë',
      email: 'z@example.test',
      isStaff: true,
    })
    assert.deepEqual(await s().users.update(987_654_321, { firstName: 'x' }), { kind: 'missing' })
    assert.deepEqual(await s().users.update(2 ** 40, { firstName: 'x' }), { kind: 'missing' })
  })

  it('never demotes, deactivates or deletes the last active superuser, and lets one of two go', async () => {
    // Inactive superusers and staff do not count.
    await s().users.create(
      { username: `idle-${hex()}`, passwordHash: 'h', isSuperuser: true, isActive: false },
      T0,
    )
    const root = await s().users.create(
      { username: `root-${hex()}`, passwordHash: 'h', isSuperuser: true, isStaff: true },
      T0,
    )
    assert.ok(root)
    assert.deepEqual(await s().users.update(root.id, { isSuperuser: false }), { kind: 'last_superuser' })
    assert.deepEqual(await s().users.update(root.id, { isActive: false }), { kind: 'last_superuser' })
    assert.deepEqual(await s().users.delete(root.id), { kind: 'last_superuser' })
    assert.deepEqual(await s().users.findById(root.id), root)
    assert.equal((await s().users.update(root.id, { isStaff: false, firstName: 'R' })).kind, 'done')
    const second = await s().users.create(
      { username: `root2-${hex()}`, passwordHash: 'h', isSuperuser: true },
      T0,
    )
    assert.ok(second)
    assert.equal((await s().users.update(root.id, { isActive: false })).kind, 'done')
    assert.deepEqual(await s().users.delete(second.id), { kind: 'last_superuser' })
    assert.equal((await s().users.update(root.id, { isActive: true })).kind, 'done')
    assert.deepEqual(await s().users.delete(second.id), { kind: 'done', user: second })
    assert.equal(await s().users.findById(second.id), undefined)
  })

  it('lets only one of two concurrent demotions of the last two active superusers through', async () => {
    const active = async () =>
      (await s().users.list({ offset: 0, limit: 1000 })).users.filter((u) => u.isActive && u.isSuperuser)
    const pair = async () => {
      const made = await Promise.all(
        ['a', 'b'].map((n) =>
          s().users.create({ username: `last-${n}-${hex()}`, passwordHash: 'h', isSuperuser: true }, T0),
        ),
      )
      // Everyone else steps down, so these two are the last.
      for (const user of await active())
        if (!made.some((m) => m?.id === user.id))
          assert.equal((await s().users.update(user.id, { isSuperuser: false })).kind, 'done')
      return made.map((m) => {
        assert.ok(m)
        return m.id
      })
    }
    for (const demote of [
      (id: number) => s().users.update(id, { isSuperuser: false }),
      (id: number) => s().users.update(id, { isActive: false }),
      (id: number) => s().users.delete(id),
    ]) {
      const [a, b] = await pair()
      const outcomes = await Promise.all([demote(a as number), demote(b as number)])
      assert.deepEqual(outcomes.map((o) => o.kind).sort(), ['done', 'last_superuser'])
      assert.equal((await active()).length, 1)
    }
  })

  it('answers missing for deleting an unknown or impossible id', async () => {
    for (const id of [987_654_321, 0, -1, 2 ** 31])
      assert.deepEqual(await s().users.delete(id), { kind: 'missing' })
  })

  it('appends audit entries and lists them newest first, by user and by type, with a count', async () => {
    const user = 900_000 + Math.floor(Math.random() * 1000)
    await s().audit.append([
      entry({ userId: user, type: 'login', at: T0 }),
      entry({
        userId: user,
        type: 'admin.user_updated',
        actorId: 7,
        sessionId: null,
        detail: { fields: 'email', n: 2, ok: true, none: null },
      }),
      entry({ userId: user + 1, type: 'login' }),
    ])
    const mine = await s().audit.list({ userId: user, offset: 0, limit: 10 })
    assert.equal(mine.count, 2)
    assert.deepEqual(
      mine.events.map(({ id: _id, ...rest }) => rest),
      [
        entry({
          userId: user,
          type: 'admin.user_updated',
          actorId: 7,
          sessionId: null,
          detail: { fields: 'email', n: 2, ok: true, none: null },
        }),
        entry({ userId: user, type: 'login', at: T0, sessionId: mine.events[1]?.sessionId ?? '' }),
      ],
    )
    assert.ok((mine.events[0]?.id ?? 0) > (mine.events[1]?.id ?? 0))
    const typed = await s().audit.list({ userId: user, type: 'login', offset: 0, limit: 10 })
    assert.deepEqual(
      typed.events.map((e) => e.type),
      ['login'],
    )
    const paged = await s().audit.list({ userId: user, offset: 1, limit: 1 })
    assert.equal(paged.count, 2)
    assert.equal(paged.events[0]?.type, 'login')
  })

  it('keeps text with NUL characters (replaced) and answers nothing for impossible filters', async () => {
    const user = 800_000 + Math.floor(Math.random() * 1000)
    await s().audit.append([entry({ userId: user, userAgent: 'a\u0000b' })])
    assert.equal(
      (await s().audit.list({ userId: user, offset: 0, limit: 5 })).events[0]?.userAgent,
      'a\uFFFDb',
    )
    assert.deepEqual(await s().audit.list({ userId: 2 ** 40, offset: 0, limit: 5 }), { count: 0, events: [] })
    assert.deepEqual(await s().audit.list({ type: 'x\u0000', offset: 0, limit: 5 }), { count: 0, events: [] })
    await s().audit.append([])
  })

  it('flushes entries older than the cut-off, and only those', async () => {
    const user = 700_000 + Math.floor(Math.random() * 1000)
    const ancient = 1_000
    await s().audit.append([entry({ userId: user, at: ancient }), entry({ userId: user, at: ancient + 10 })])
    assert.equal(await s().audit.flush(ancient + 5), 1)
    const left = await s().audit.list({ userId: user, offset: 0, limit: 5 })
    assert.deepEqual(
      left.events.map((e) => e.at),
      [ancient + 10],
    )
  })
}
