import type { FastifyInstance } from 'fastify'
import type { StoreSet } from '../core/store-set.ts'

export interface HealthDependencies {
  readonly stores: StoreSet
  /** True once shutdown has begun: not ready, whatever the dependencies say. */
  readonly draining?: () => boolean
  /** Pings Redis when one is configured. */
  readonly redisPing?: () => Promise<void>
}

async function probe(check: () => Promise<void>): Promise<'ok' | 'down'> {
  try {
    await check()
    return 'ok'
  } catch {
    return 'down'
  }
}

/**
 * `GET /healthz`: the process is alive (no dependency is consulted, so a database outage never gets the process
 * killed). `GET /readyz`: the database and Redis answer; 503 otherwise, so a load balancer routes around it.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDependencies): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const [database, redis] = await Promise.all([
      probe(() => deps.stores.ping()),
      deps.redisPing === undefined ? Promise.resolve('absent' as const) : probe(deps.redisPing),
    ])
    const shuttingDown = deps.draining?.() ?? false
    const ready = database === 'ok' && redis !== 'down' && !shuttingDown
    if (ready) return { status: 'ready', database, redis }
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({
        detail: shuttingDown ? 'The server is shutting down.' : 'A dependency is unavailable.',
        code: 'service_unavailable',
        database,
        redis,
      })
  })
}
