import type { Settings } from '../options.ts'
import type { SessionStore } from './session.ts'

/**
 * What `latchkey flush-expired` does: deletes sessions whose refresh tokens have expired, and revoked sessions
 * older than `revokedSessionRetention` (kept until then for the session list and audits). Live sessions, and
 * recently revoked ones, stay. Returns how many rows went.
 */
export function flushExpiredSessions(
  sessions: SessionStore,
  settings: Settings,
  now: number,
): Promise<number> {
  return sessions.flush(now, now - settings.revokedSessionRetentionMs)
}
