import { createLatchkey, type Latchkey } from 'latchkey'
import { FallbackAttemptCounter } from '../../src/core/throttle/fallback-attempt-counter.ts'
import { configFromEnv, loadEnv } from '../../src/server/env.ts'
import { openStores } from '../../src/server/open-stores.ts'
import { RedisAttemptCounter } from '../../src/stores/redis/redis-attempt-counter.ts'
import { RedisRevocationBus } from '../../src/stores/redis/redis-revocation-bus.ts'

export interface Deployment {
  readonly latchkey: Latchkey
  readonly host: string
  readonly port: number
  close(): Promise<void>
}

/**
 * What every example's main does first, from the same `LATCHKEY_*` environment as `latchkey serve` (the server's
 * own reader, src/server/env.ts): open the database (migrated beforehand with `npm run latchkey -- migrate`),
 * connect Redis when `LATCHKEY_REDIS_URL` is set, create Latchkey and start its background work.
 */
export async function openDeployment(): Promise<Deployment> {
  const config = configFromEnv(loadEnv(process.env, process.cwd()), process.cwd())
  const stores = openStores(config.databaseUrl)
  const attempts = config.redisUrl === undefined ? undefined : new RedisAttemptCounter(config.redisUrl)
  const latchkey = await createLatchkey(config.options, stores, {
    ...(config.redisUrl !== undefined &&
      attempts !== undefined && {
        bus: new RedisRevocationBus(config.redisUrl),
        attempts: new FallbackAttemptCounter(attempts, console),
      }),
  })
  await latchkey.start()
  return {
    latchkey,
    host: config.host,
    port: config.port,
    async close() {
      await latchkey.stop()
      await attempts?.close()
      await stores.close()
    },
  }
}

/** Stops cleanly on SIGTERM / SIGINT. */
export function onShutdown(stop: () => Promise<void>): void {
  const run = async () => {
    await stop()
    process.exit(0)
  }
  process.once('SIGTERM', run)
  process.once('SIGINT', run)
}
