import type { AuthContext } from '../context.ts'

/**
 * Beats the service clock every `intervalMs` (1 s by default) while the database answers, so service time runs as
 * wall time through quiet periods and stops only while the service cannot answer (see `ServiceClock`). Hosts start
 * it beside the revocation sync; the server does. Returns a function that stops it.
 *
 * @example
 * const stop = startServiceHeartbeat(core)
 */
export function startServiceHeartbeat(ctx: AuthContext, intervalMs = 1000): () => void {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(async () => {
      const wasResuming = ctx.serviceClock.resuming
      try {
        await ctx.serviceClock.beat()
        if (wasResuming) ctx.logger.info({ event: 'service_clock_resumed' }, 'service clock running again')
      } catch (error) {
        if (!wasResuming)
          ctx.logger.warn(
            { event: 'service_clock_stopped', error: String(error) },
            'database unreachable: the refresh grace window is paused until it answers again',
          )
      }
      schedule()
    }, intervalMs)
    timer.unref()
  }
  schedule()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
