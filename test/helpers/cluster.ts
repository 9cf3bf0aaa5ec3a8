import type { LatchkeyOptions } from '../../src/core/options.ts'
import { createServer, type LatchkeyServer } from '../../src/server/create-server.ts'
import { createPostgresStores } from '../../src/stores/postgres/index.ts'
import type { ManualClock } from './manual-clock.ts'
import { FAST_HASHING, SECRET } from './test-server.ts'

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

export interface Instance extends LatchkeyServer {
  close(): Promise<void>
}

/**
 * One Latchkey instance in this process, on a PostgreSQL schema and a Redis shared with its siblings: what several
 * stateless instances behind a load balancer look like, minus the processes.
 */
export async function startInstance(input: {
  databaseUrl: string
  schema: string
  redisUrl?: string
  clock?: ManualClock
  options?: LatchkeyOptions
  revocationPollMs?: number
}): Promise<Instance> {
  const stores = createPostgresStores(input.databaseUrl, { schema: input.schema, poolSize: 4 })
  await stores.migrate()
  const server = await createServer({
    options: { secretKey: SECRET, passwordHashing: FAST_HASHING, ...input.options },
    stores,
    ...(input.clock && { clock: input.clock }),
    ...(input.redisUrl !== undefined && { redisUrl: input.redisUrl }),
    revocationPollMs: input.revocationPollMs ?? 1000,
  })
  return {
    ...server,
    async close() {
      await server.app.close()
      await stores.close()
    },
  }
}

/** `GET /accounts/user/` on `instance` with `access` as a bearer token: 200 while its session lives, 401 once revoked. */
export function me(instance: Instance, access: string) {
  return instance.app.inject({
    method: 'GET',
    url: '/accounts/user/',
    headers: { authorization: `Bearer ${access}` },
  })
}

/** Polls until `check` holds or `timeoutMs` passes; returns how long it took. */
export async function within(timeoutMs: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now()
  while (Date.now() - start < timeoutMs) {
    if (await check()) return Date.now() - start
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`condition not met within ${timeoutMs} ms`)
}
