import type { FastifyInstance } from 'fastify'
import type { StoreSet } from '../core/store-set.ts'

export interface HealthDependencies {
  readonly stores: StoreSet
  /** True once shutdown has begun: not ready, whatever the dependencies say. */
  readonly draining?: () => boolean
  /** Pings Redis when one is configured. */
  readonly redisPing?: () => Promise<void>
  /** Longest a probe may take before its dependency counts as down (2000 ms when not set). */
  readonly probeTimeoutMs?: number
}

/** A probe that has not answered within `timeoutMs` is down: a stalled dependency must not stall the readiness check. */
async function probe(check: () => Promise<void>, timeoutMs: number): Promise<'ok' | 'down'> {
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'down'>((resolve) => {
    timer = setTimeout(() => resolve('down'), timeoutMs)
  })
  try {
    return await Promise.race([check().then(() => 'ok' as const), timedOut])
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

/**
 * `GET /healthz`: the process is alive (no dependency is consulted, so a database outage never gets the process
 * killed). `GET /readyz`: the database and Redis answer; 503 otherwise, so a load balancer routes around it.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDependencies): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }))
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const timeoutMs = deps.probeTimeoutMs ?? 2000
    const [database, redis] = await Promise.all([
      probe(() => deps.stores.ping(), timeoutMs),
      deps.redisPing === undefined ? Promise.resolve('absent' as const) : probe(deps.redisPing, timeoutMs),
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
