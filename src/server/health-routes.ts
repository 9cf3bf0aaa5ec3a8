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

/** Probes reach an instance by its address, whatever `LATCHKEY_ALLOWED_HOSTS` lists: no Host check here. */
const PROBE = { schema: { hide: true }, config: { latchkeyHostCheck: false } } as const

/**
 * `GET /healthz`: the process is alive (no dependency is consulted, so a database outage never gets the process
 * killed). `GET /readyz`: 503 only when this instance cannot do its job — the database is down, or it is draining —
 * so a load balancer routes around it; Redis is optional (revocations fall back to polling the database, limits to
 * per-instance counts), so Redis down is `"status":"degraded"` in a 200: taking every instance out of rotation for
 * it would turn a degraded service into none. Both answer whatever the Host header says.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDependencies): void {
  app.get('/healthz', PROBE, async () => ({ status: 'ok' }))
  app.get('/readyz', PROBE, async (_request, reply) => {
    const timeoutMs = deps.probeTimeoutMs ?? 2000
    const [database, redis] = await Promise.all([
      probe(() => deps.stores.ping(), timeoutMs),
      deps.redisPing === undefined ? Promise.resolve('absent' as const) : probe(deps.redisPing, timeoutMs),
    ])
    const shuttingDown = deps.draining?.() ?? false
    if (database === 'ok' && !shuttingDown)
      return { status: redis === 'down' ? 'degraded' : 'ready', database, redis }
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({
        detail: shuttingDown ? 'The server is shutting down.' : 'The database is unavailable.',
        code: 'service_unavailable',
        database,
        redis,
      })
  })
}
