import type { User, UserStore } from './user.ts'

/**
 * Reads users fresh from the store, and remembers the last answer for each id so that, while the database is
 * unreachable, requests carrying a valid, unrevoked access token keep being served with the user as last seen
 * (stale-if-error, bounded by `maxStaleMs`). It never serves a cached user while the store answers, so a
 * deactivation or deletion takes effect on the next request.
 */
export class LastKnownUsers {
  readonly #store: UserStore
  readonly #maxStaleMs: number
  readonly #known = new Map<number, { user: User; at: number }>()
  readonly #capacity: number

  constructor(store: UserStore, maxStaleMs: number, capacity = 100_000) {
    this.#store = store
    this.#maxStaleMs = maxStaleMs
    this.#capacity = capacity
  }

  async findById(id: number, now: number): Promise<User | undefined> {
    let user: User | undefined
    try {
      user = await this.#store.findById(id)
    } catch (error) {
      const known = this.#known.get(id)
      if (known !== undefined && now - known.at <= this.#maxStaleMs) return known.user
      throw error
    }
    if (user === undefined) this.#known.delete(id)
    else {
      if (this.#known.size >= this.#capacity && !this.#known.has(id)) this.#known.clear()
      this.#known.set(id, { user, at: now })
    }
    return user
  }
}
