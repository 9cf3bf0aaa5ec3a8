import type { Clock } from '../clock.ts'
import type { User, UserStore } from './user.ts'

interface Entry {
  readonly user: User | undefined
  /** When the read that produced it *completed*: a slow read does not land already expired. */
  readonly fetchedAt: number
}

export interface UserCacheOptions {
  /** How long an entry is fresh: served with no read at all. */
  readonly ttlMs: number
  /**
   * How long past its read an entry may still be served while a background read refreshes it (stale while
   * revalidate), and served at all while the database fails (stale if error). Past it, a request waits for the read.
   */
  readonly maxStaleMs: number
  readonly clock: Clock
  /**
   * How long the one request that starts a revalidation waits for it before being served the stale entry (50 ms
   * when not set): against a healthy database the read lands first, so a change is seen on the first request past
   * `ttlMs`; against a slow one that request waits no longer than this, and every other request not at all.
   */
  readonly revalidateWaitMs?: number
  readonly capacity?: number
}

/**
 * The users that authenticated requests read, so that the hot path (every request with an access token) never
 * waits on the database:
 * - an entry younger than `ttlMs` is served as it is;
 * - an older one, up to `maxStaleMs`, is served while ONE background read per user refreshes it (however many
 *   requests arrive meanwhile), so a slow database slows nobody: the request that starts the read waits for it at
 *   most `revalidateWaitMs`, the others not at all; the entry is stamped when that read completes;
 * - past `maxStaleMs`, or for a user never read, the request waits for the (single) read.
 *
 * Staleness is bounded: a change made directly in the database (a deactivation, say) is seen within `ttlMs` plus
 * one read (at most the database's statement timeout) while the database answers, and within `maxStaleMs` while it
 * does not. A change Latchkey makes itself (a password change, `deactivateUser`) invalidates the entry at once, and
 * a read already under way then cannot write back what it read before the change.
 *
 * @example
 * const cache = new UserCache(users, { ttlMs: 1000, maxStaleMs: 900_000, clock: systemClock })
 * const user = await cache.findById(42, Date.now())
 */
export class UserCache {
  readonly #store: UserStore
  readonly #options: UserCacheOptions
  readonly #capacity: number
  readonly #entries = new Map<number, Entry>()
  readonly #inFlight = new Map<number, Promise<User | undefined>>()

  constructor(store: UserStore, options: UserCacheOptions) {
    this.#store = store
    this.#options = options
    this.#capacity = options.capacity ?? 100_000
  }

  /**
   * The user when a fresh entry holds one, without a promise: the authenticated hot path takes it synchronously and
   * awaits `findById` only on a miss (a microtask turn and a promise saved on nearly every request).
   */
  peek(id: number, now: number): User | undefined {
    const entry = this.#entries.get(id)
    return entry !== undefined && now - entry.fetchedAt < this.#options.ttlMs ? entry.user : undefined
  }

  async findById(id: number, now: number): Promise<User | undefined> {
    const entry = this.#entries.get(id)
    if (entry !== undefined) {
      const age = now - entry.fetchedAt
      if (age < this.#options.ttlMs) return entry.user
      if (age <= this.#options.maxStaleMs) {
        const starts = !this.#inFlight.has(id)
        const read = this.#read(id)
        // A failed read leaves the entry as it is, to be retried by a later request.
        read.catch(() => {})
        return starts ? this.#awaitBriefly(read, entry.user) : entry.user
      }
    }
    return this.#read(id)
  }

  /** The read's answer if it lands within `revalidateWaitMs`, else (or if it fails) the stale user. */
  async #awaitBriefly(read: Promise<User | undefined>, stale: User | undefined): Promise<User | undefined> {
    const waitMs = this.#options.revalidateWaitMs ?? 50
    if (waitMs <= 0) return stale
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<User | undefined>((resolve) => {
      timer = setTimeout(() => resolve(stale), waitMs)
    })
    try {
      return await Promise.race([read.catch(() => stale), late])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Forgets a user at once (Latchkey changed it): the next request reads it again. */
  invalidate(id: number): void {
    this.#entries.delete(id)
    this.#inFlight.delete(id)
  }

  /** The read under way for `id`, or a new one: never two at once for one user. */
  #read(id: number): Promise<User | undefined> {
    const pending = this.#inFlight.get(id)
    if (pending !== undefined) return pending
    const read = this.#store.findById(id).then(
      (user) => {
        // Invalidated while reading: what was read may predate the change, so it is not kept.
        if (this.#inFlight.get(id) === read) {
          if (this.#entries.size >= this.#capacity && !this.#entries.has(id)) this.#entries.clear()
          this.#entries.set(id, { user, fetchedAt: this.#options.clock.now() })
          this.#inFlight.delete(id)
        }
        return user
      },
      (error: unknown) => {
        if (this.#inFlight.get(id) === read) this.#inFlight.delete(id)
        throw error
      },
    )
    this.#inFlight.set(id, read)
    return read
  }
}
