/**
 * Counts failed attempts per key in fixed windows. Implementations: in-process (one instance) and Redis (shared by
 * every instance, so a limit of N is N in total, not N per instance).
 */
export interface AttemptCounter {
  /** Adds one failure to `key`'s current window and returns the count and when the window ends (epoch ms). */
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>
  /** The current count without adding to it. */
  peek(key: string, now: number): Promise<WindowCount>
  /** Forgets the key (a successful login clears its username+IP counter). */
  reset(key: string): Promise<void>
}

export interface WindowCount {
  readonly count: number
  readonly resetAt: number
}

const EMPTY: WindowCount = { count: 0, resetAt: 0 }

/** The single-instance counter. Expired windows are swept as they are met, and all at once every minute. */
export class MemoryAttemptCounter implements AttemptCounter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>()
  #nextSweep = 0

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    this.#sweep(now)
    let window = this.#windows.get(key)
    if (window === undefined || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs }
      this.#windows.set(key, window)
    }
    window.count += 1
    return { count: window.count, resetAt: window.resetAt }
  }

  async peek(key: string, now: number): Promise<WindowCount> {
    const window = this.#windows.get(key)
    if (window === undefined || window.resetAt <= now) return EMPTY
    return { count: window.count, resetAt: window.resetAt }
  }

  async reset(key: string): Promise<void> {
    this.#windows.delete(key)
  }

  #sweep(now: number): void {
    if (now < this.#nextSweep) return
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key)
    this.#nextSweep = now + 60_000
  }
}
