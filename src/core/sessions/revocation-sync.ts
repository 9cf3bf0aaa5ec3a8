import type { AuthContext } from '../context.ts'
import type { Revocation } from './revocation-bus.ts'
import { revocationHorizon } from './session-tokens.ts'

export interface RevocationSyncOptions {
  /** How often the database is read for revocations made elsewhere while the bus is down or absent. */
  readonly fallbackPollMs: number
  /** How often it is read anyway while the bus is healthy, to repair a lost message. */
  readonly healthyPollMs: number
}

/** Instances' clocks differ; re-reading a margin of the past costs nothing, as adding a revocation is idempotent. */
const CLOCK_SKEW_MARGIN_MS = 30_000

/**
 * Keeps this instance's revoked-session set in step with every other instance: bus messages as they come, plus a
 * poll of the sessions revoked since the last poll. The poll runs every `fallbackPollMs` (1 s by default) while the
 * bus is unhealthy or absent — so a revocation made on any instance is refused here within about a second even
 * without Redis — and every `healthyPollMs` otherwise (unless the bus is `local`: it cannot stand in for the
 * poll of revocations made on other machines). Returns a function that stops it.
 */
export async function startRevocationSync(
  ctx: AuthContext,
  options: RevocationSyncOptions,
): Promise<() => Promise<void>> {
  let healthy = ctx.bus !== undefined
  let lastPoll = ctx.clock.now()
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  const apply = (revocation: Revocation) => ctx.revoked.add(revocation.sessionId, revocation.until)
  const poll = async () => {
    const startedAt = ctx.clock.now()
    try {
      for (const session of await ctx.sessions.listRevokedSince(lastPoll - CLOCK_SKEW_MARGIN_MS))
        ctx.revoked.add(session.id, revocationHorizon(ctx, session.revokedAt ?? startedAt))
      lastPoll = startedAt
    } catch (error) {
      ctx.logger.error({ event: 'revocation_poll_failed', error: String(error) }, 'revocation_poll_failed')
    }
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(
      async () => {
        await poll()
        schedule()
      },
      healthy && ctx.bus?.local !== true ? options.healthyPollMs : options.fallbackPollMs,
    )
    timer.unref()
  }

  if (ctx.bus !== undefined) {
    await ctx.bus.subscribe(apply, (nowHealthy) => {
      if (nowHealthy === healthy) return
      healthy = nowHealthy
      if (healthy) ctx.logger.info({ event: 'revocation_bus_up' }, 'revocation bus reachable again')
      else
        ctx.logger.warn(
          { event: 'revocation_bus_down' },
          'revocation bus unreachable: falling back to polling the database for revocations',
        )
      // Catch up at once on what may have been missed, then continue at the new pace.
      clearTimeout(timer)
      void poll().then(schedule)
    })
  }
  schedule()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await ctx.bus?.close()
  }
}
