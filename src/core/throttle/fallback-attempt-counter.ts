import type { Logger } from '../logger.ts'
import { type AttemptCounter, MemoryAttemptCounter, type WindowCount } from './attempt-counter.ts'

/**
 * Shared counters while the shared store answers, this instance's own while it does not: losing Redis degrades
 * the limits to per-instance ones instead of lifting them or failing logins. Says so in the log once per outage.
 */
export class FallbackAttemptCounter implements AttemptCounter {
  readonly #primary: AttemptCounter
  readonly #fallback = new MemoryAttemptCounter()
  readonly #logger: Logger
  #degraded = false

  constructor(primary: AttemptCounter, logger: Logger) {
    this.#primary = primary
    this.#logger = logger
  }

  async #run<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      const result = await shared()
      if (this.#degraded) {
        this.#degraded = false
        this.#logger.info({ event: 'rate_limit_store_up' }, 'shared rate-limit counters reachable again')
      }
      return result
    } catch (error) {
      if (!this.#degraded) {
        this.#degraded = true
        this.#logger.warn(
          { event: 'rate_limit_store_down', error: String(error) },
          'shared rate-limit counters unreachable: limiting per instance',
        )
      }
      return local()
    }
  }

  hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    // Count locally too, so an outage starts from what this instance has seen rather than from zero.
    void this.#fallback.hit(key, windowMs, now)
    return this.#run(
      () => this.#primary.hit(key, windowMs, now),
      () => this.#fallback.peek(key, now),
    )
  }

  peek(key: string, now: number): Promise<WindowCount> {
    return this.#run(
      () => this.#primary.peek(key, now),
      () => this.#fallback.peek(key, now),
    )
  }

  async reset(key: string): Promise<void> {
    await this.#fallback.reset(key)
    await this.#run(
      () => this.#primary.reset(key),
      async () => {},
    )
  }
}
