import { Redis } from 'ioredis'

/**
 * A Redis connection that fails fast instead of queueing: while Redis is unreachable a command errors within
 * `commandTimeout`, so a login or a revocation never hangs on it and the caller falls back at once.
 *
 * @example
 * const redis = connectRedis('redis://127.0.0.1:6379/0')
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 500,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  })
}
