import type { AuthContext } from './context.ts'
import { startRevocationSync } from './sessions/revocation-sync.ts'
import { startServiceHeartbeat } from './sessions/service-heartbeat.ts'
import { startKeyringRefresh } from './tokens/keyring-refresh.ts'

export interface LifecycleOptions {
  /** How often the database is polled for revocations made elsewhere while the bus is down or absent (1 s). */
  readonly revocationPollMs?: number
}

export interface Lifecycle {
  start(): Promise<void>
  stop(): Promise<void>
}

/**
 * The background work every deployment needs, library or server alike: revocation sync (bus messages plus a
 * database poll, so a logout on one instance is refused by every other within about a second) and keyring refresh
 * (keys rotated anywhere reach this instance before they sign) and the service-clock heartbeat (the refresh grace
 * window counts only time in which the service could answer). Starting twice or stopping twice is harmless; a stopped instance stays stopped.
 */
export function createLifecycle(ctx: AuthContext, options: LifecycleOptions = {}): Lifecycle {
  let running: { stopSync: () => Promise<void>; stopKeys: () => void; stopBeat: () => void } | undefined
  let starting: Promise<void> | undefined
  let stopped = false
  const pollMs = options.revocationPollMs ?? 1000
  return {
    start() {
      if (stopped)
        return Promise.reject(new Error('Latchkey was stopped; create a new instance to start again'))
      starting ??= (async () => {
        const stopSync = await startRevocationSync(ctx, { fallbackPollMs: pollMs, healthyPollMs: 5 * pollMs })
        const stopKeys = startKeyringRefresh(
          ctx,
          Math.max(1000, Math.floor(ctx.settings.keyActivationDelayMs / 3)),
        )
        const stopBeat = startServiceHeartbeat(ctx)
        running = { stopSync, stopKeys, stopBeat }
      })()
      return starting
    },
    async stop() {
      if (stopped) return
      stopped = true
      // Audit entries still queued are written before the stores close.
      await ctx.audit.drain()
      // A bus handed in is owned from then on: closed even when the work never started.
      if (starting === undefined) return ctx.bus?.close()
      await starting
      const current = running
      running = undefined
      if (current === undefined) return
      current.stopKeys()
      current.stopBeat()
      await current.stopSync()
    },
  }
}
