import type { Redis } from 'ioredis'
import type { AttemptCounter, WindowCount } from '../../core/throttle/attempt-counter.ts'
import { connectRedis } from './connect-redis.ts'

const PREFIX = 'latchkey:attempts:'

/**
 * Failure counters shared by every instance: INCR and a window expiry set on the first hit, in one MULTI, so the
 * limit is N in total whatever instance each attempt reaches. The window is Redis's own TTL: instances' clocks do
 * not have to agree.
 *
 * @example
 * const latchkey = await createLatchkey(options, stores, { attempts: new RedisAttemptCounter(redisUrl) })
 */
export class RedisAttemptCounter implements AttemptCounter {
  readonly #redis: Redis

  constructor(url: string) {
    this.#redis = connectRedis(url)
    this.#redis.on('error', () => {})
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const results = await this.#redis
      .multi()
      .incr(PREFIX + key)
      .pexpire(PREFIX + key, windowMs, 'NX')
      .pttl(PREFIX + key)
      .exec()
    if (results === null) throw new Error('redis transaction aborted')
    const count = Number(results[0]?.[1])
    const ttl = Number(results[2]?.[1])
    return { count, resetAt: now + (ttl > 0 ? ttl : windowMs) }
  }

  async peek(key: string, now: number): Promise<WindowCount> {
    const results = await this.#redis
      .multi()
      .get(PREFIX + key)
      .pttl(PREFIX + key)
      .exec()
    if (results === null) throw new Error('redis transaction aborted')
    const count = Number(results[0]?.[1] ?? 0)
    const ttl = Number(results[1]?.[1])
    return { count, resetAt: ttl > 0 ? now + ttl : 0 }
  }

  async reset(key: string): Promise<void> {
    await this.#redis.del(PREFIX + key)
  }

  async ping(): Promise<void> {
    await this.#redis.ping()
  }

  async close(): Promise<void> {
    this.#redis.disconnect()
  }
}
