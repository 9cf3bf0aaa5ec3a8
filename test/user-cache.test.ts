import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { User, UserStore } from '../src/core/users/user.ts'
import { UserCache } from '../src/core/users/user-cache.ts'
import { createMemoryStores } from '../src/stores/memory/index.ts'
import { ManualClock } from './helpers/manual-clock.ts'

/**
 * The memory user store whose answers are held until the test releases them: a database as slow as the test likes.
 * The row is read when the read starts, as a database would, and delivered late.
 */
function slowUsers(users: UserStore) {
  const held: Array<() => void> = []
  let reads = 0
  const store: UserStore = {
    ...users,
    async findById(id) {
      reads++
      const user = await users.findById(id)
      await new Promise<void>((resolve) => held.push(resolve))
      return user
    },
  }
  return {
    store,
    reads: () => reads,
    /** Delivers every answer held so far (after letting reads under way reach the database). */
    async release(order: 'oldest first' | 'newest first' = 'oldest first') {
      await new Promise((resolve) => setImmediate(resolve))
      const answers = held.splice(0)
      if (order === 'newest first') answers.reverse()
      for (const resolve of answers) {
        resolve()
        await new Promise((done) => setImmediate(done))
      }
    },
  }
}

async function setUp() {
  const clock = new ManualClock()
  const { users } = createMemoryStores()
  const alice = (await users.create({ username: 'alice', passwordHash: 'h' }, clock.now())) as User
  const slow = slowUsers(users)
  const cache = new UserCache(slow.store, { ttlMs: 1000, maxStaleMs: 60_000, clock })
  const first = cache.findById(alice.id, clock.now())
  await slow.release()
  assert.equal((await first)?.username, 'alice')
  return { clock, users, alice, slow, cache }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('the user cache: stale while revalidate', () => {
  it('serves a fresh entry without a read', async () => {
    const { clock, alice, slow, cache } = await setUp()
    clock.advance(999)
    assert.equal((await cache.findById(alice.id, clock.now()))?.id, alice.id)
    assert.equal(slow.reads(), 1)
  })

  it('peek gives a fresh entry at once, and nothing for a stale, unknown or invalidated one (those must be read)', async () => {
    const { clock, alice, slow, cache } = await setUp()
    assert.equal(cache.peek(alice.id, clock.now())?.username, 'alice')
    assert.equal(cache.peek(alice.id + 1, clock.now()), undefined)
    clock.advance(1000)
    assert.equal(cache.peek(alice.id, clock.now()), undefined)
    cache.invalidate(alice.id)
    assert.equal(cache.peek(alice.id, clock.now() - 1000), undefined)
    assert.equal(slow.reads(), 1)
  })

  it('serves a stale entry while one background read refreshes it, however many requests come', async () => {
    const { clock, users, alice, slow, cache } = await setUp()
    await users.setActive(alice.id, false)
    clock.advance(1500)
    for (let i = 0; i < 5; i++) assert.equal((await cache.findById(alice.id, clock.now()))?.isActive, true)
    assert.equal(slow.reads(), 2, 'one read in flight for the user, not five')
    await slow.release()
    await tick()
    assert.equal(
      (await cache.findById(alice.id, clock.now()))?.isActive,
      false,
      'the change is seen once read',
    )
  })

  it('stamps an entry when its read completes, so a slow read does not land already expired', async () => {
    const { clock, alice, slow, cache } = await setUp()
    clock.advance(1500)
    void cache.findById(alice.id, clock.now())
    clock.advance(2000) // the read takes two seconds
    await slow.release()
    await tick()
    clock.advance(900)
    await cache.findById(alice.id, clock.now())
    assert.equal(slow.reads(), 2, 'still fresh 0.9 s after the read completed')
  })

  it('past the staleness bound, a request waits for the read', async () => {
    const { clock, users, alice, slow, cache } = await setUp()
    await users.setActive(alice.id, false)
    clock.advance(60_001)
    const pending = cache.findById(alice.id, clock.now())
    let settled = false
    void pending.then(() => {
      settled = true
    })
    await tick()
    assert.equal(settled, false)
    await slow.release()
    assert.equal((await pending)?.isActive, false)
  })

  it('a failing read keeps serving the last known user within the bound, and fails past it', async () => {
    const clock = new ManualClock()
    const { users } = createMemoryStores()
    const alice = (await users.create({ username: 'alice', passwordHash: 'h' }, clock.now())) as User
    let down = false
    const flaky: UserStore = {
      ...users,
      findById: async (id) => {
        if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
        return users.findById(id)
      },
    }
    const cache = new UserCache(flaky, { ttlMs: 1000, maxStaleMs: 60_000, clock })
    await cache.findById(alice.id, clock.now())
    down = true
    clock.advance(30_000)
    assert.equal((await cache.findById(alice.id, clock.now()))?.id, alice.id)
    await tick()
    clock.advance(30_001)
    await assert.rejects(cache.findById(alice.id, clock.now()), /ECONNREFUSED/)
  })

  it("Latchkey's own change applies at once, and a read begun before it cannot write the old user back", async () => {
    const { clock, users, alice, slow, cache } = await setUp()
    clock.advance(1500)
    void cache.findById(alice.id, clock.now()) // a background read starts, before the change
    await users.setActive(alice.id, false)
    cache.invalidate(alice.id)
    const after = cache.findById(alice.id, clock.now())
    await slow.release('newest first') // the old answer arrives last
    assert.equal((await after)?.isActive, false)
    assert.equal((await cache.findById(alice.id, clock.now()))?.isActive, false)
  })
})
