import type { CliContext } from './cli-context.ts'

export const flushExpiredHelp = `Usage: latchkey flush-expired

Deletes sessions whose refresh tokens have expired, and revoked sessions older than the retention period
(revokedSessionRetention, 30 days by default). Safe to run from cron while the server runs.`

export async function flushExpired(ctx: CliContext): Promise<number> {
  const now = Date.now()
  const removed = await ctx.stores.sessions.flush(now, now - ctx.settings.revokedSessionRetentionMs)
  ctx.out(`Removed ${removed} expired or long-revoked session${removed === 1 ? '' : 's'}.`)
  return 0
}
