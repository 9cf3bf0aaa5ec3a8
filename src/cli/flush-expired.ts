import { AuditLog } from '../core/audit/audit-log.ts'
import { flushExpiredAudit } from '../core/audit/flush-expired-audit.ts'
import { silentLogger } from '../core/logger.ts'
import { flushExpiredSessions } from '../core/sessions/flush-expired.ts'
import type { CliContext } from './cli-context.ts'

export const flushExpiredHelp = `Usage: latchkey flush-expired

Deletes sessions whose refresh tokens have expired, and revoked sessions older than the retention period
(revokedSessionRetention, 30 days by default), and audit-log entries older than LATCHKEY_AUDIT_RETENTION (90 days by
default). Safe to run from cron while the server runs.`

export async function flushExpired(ctx: CliContext): Promise<number> {
  const removed = await flushExpiredSessions(ctx.stores.sessions, ctx.settings, Date.now())
  ctx.out(`Removed ${removed} expired or long-revoked session${removed === 1 ? '' : 's'}.`)
  const audit = new AuditLog(ctx.stores.audit, silentLogger)
  const events = await flushExpiredAudit(audit, ctx.settings, Date.now())
  ctx.out(`Removed ${events} audit-log entr${events === 1 ? 'y' : 'ies'} past the retention.`)
  return 0
}
