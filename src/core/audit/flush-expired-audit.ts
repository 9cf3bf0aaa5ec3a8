import type { Settings } from '../options.ts'
import type { AuditLog } from './audit-log.ts'

/**
 * What `latchkey flush-expired` does to the audit log: deletes entries older than `auditRetention` (90 days by
 * default). Returns how many went.
 *
 * @example await flushExpiredAudit(core.audit, core.settings, Date.now())
 */
export function flushExpiredAudit(audit: AuditLog, settings: Settings, now: number): Promise<number> {
  return audit.flush(now - settings.auditRetentionMs)
}
