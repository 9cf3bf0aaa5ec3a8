/**
 * `latchkey/stores/redis`: what several instances share through Redis — failure counters for login throttling and
 * session revocations over pub/sub. Users, sessions and keys stay in SQL; Redis holds nothing that cannot be lost.
 *
 * @example
 * import { RedisAttemptCounter, RedisRevocationBus } from 'latchkey/stores/redis'
 * const attempts = new RedisAttemptCounter('redis://127.0.0.1:6379/0')
 * const revocations = new RedisRevocationBus('redis://127.0.0.1:6379/0')
 */
export { connectRedis } from './connect-redis.ts'
export { RedisAttemptCounter } from './redis-attempt-counter.ts'
export { RedisRevocationBus } from './redis-revocation-bus.ts'
