import { flushExpiredSessions } from '../core/sessions/flush-expired.ts'
import type { CliContext } from './cli-context.ts'

export const flushExpiredHelp = `Usage: latchkey flush-expired

Deletes sessions whose refresh tokens have expired, and revoked sessions older than the retention period
(revokedSessionRetention, 30 days by default). Safe to run from cron while the server runs.`

export async function flushExpired(ctx: CliContext): Promise<number> {
  const removed = await flushExpiredSessions(ctx.stores.sessions, ctx.settings, Date.now())
  ctx.out(`Removed ${removed} expired or long-revoked session${removed === 1 ? '' : 's'}.`)
  return 0
}
