import type { User, UserStore } from './user.ts'

interface Entry {
  readonly user: User | undefined
  readonly fetchedAt: number
}

/**
 * The users that authenticated requests read, cached for `ttlMs` so that the hot path (every request with an access
 * token) costs no database read. A change Latchkey makes itself (a password change, a deactivation) invalidates
 * the entry at once and revokes the sessions concerned, so it never waits for the TTL; an edit made directly in the
 * database reaches each instance within `ttlMs`. While the database is unreachable, the last answer is served for
 * up to `maxStaleMs` (stale-if-error), so requests with valid tokens keep working through an outage.
 */
export class UserCache {
  readonly #store: UserStore
  readonly #ttlMs: number
  readonly #maxStaleMs: number
  readonly #capacity: number
  readonly #entries = new Map<number, Entry>()
  readonly #inFlight = new Map<number, Promise<User | undefined>>()

  constructor(store: UserStore, options: { ttlMs: number; maxStaleMs: number; capacity?: number }) {
    this.#store = store
    this.#ttlMs = options.ttlMs
    this.#maxStaleMs = options.maxStaleMs
    this.#capacity = options.capacity ?? 100_000
  }

  async findById(id: number, now: number): Promise<User | undefined> {
    const entry = this.#entries.get(id)
    if (entry !== undefined && now - entry.fetchedAt < this.#ttlMs) return entry.user
    // One read per user however many requests arrive while it is under way.
    let pending = this.#inFlight.get(id)
    if (pending === undefined) {
      pending = this.#fetch(id, now, entry)
      this.#inFlight.set(id, pending)
    }
    return pending
  }

  invalidate(id: number): void {
    this.#entries.delete(id)
  }

  async #fetch(id: number, now: number, entry: Entry | undefined): Promise<User | undefined> {
    try {
      const user = await this.#store.findById(id)
      if (this.#entries.size >= this.#capacity && !this.#entries.has(id)) this.#entries.clear()
      this.#entries.set(id, { user, fetchedAt: now })
      return user
    } catch (error) {
      if (entry?.user !== undefined && now - entry.fetchedAt <= this.#maxStaleMs) return entry.user
      throw error
    } finally {
      this.#inFlight.delete(id)
    }
  }
}
