import type { AuthEvents } from '../events.ts'
import type { AuditEntry } from './audit-store.ts'

type EventName = keyof AuthEvents
type EventOf<K extends EventName> = Parameters<NonNullable<AuthEvents[K]>>[0]

/** Longest username kept for a failed login: Django's limit; anything longer is not a username anyone has. */
const MAX_SUBMITTED = 150

/**
 * The audit entry for a typed event, or undefined for events the log does not keep (successful refreshes: one per
 * access-token lifetime per user, and nothing an operator asks about). Entries are built field by field from the
 * event, so nothing but ids, names, reasons and addresses can reach the table.
 */
export function auditEntryFor<K extends EventName>(
  name: K,
  event: EventOf<K>,
  at: number,
): AuditEntry | undefined {
  const entry = (
    type: string,
    userId: number | null,
    sessionId: string | null,
    detail: AuditEntry['detail'],
  ): AuditEntry => ({
    at,
    actorId: null,
    ip: event.ip,
    userAgent: event.userAgent,
    type,
    userId,
    sessionId,
    detail,
  })
  const e = event as EventOf<EventName>
  switch (name) {
    case 'onLogin': {
      const login = e as EventOf<'onLogin'>
      return entry('login', login.userId, login.sessionId, {})
    }
    case 'onLoginFailed': {
      const failed = e as EventOf<'onLoginFailed'>
      const username = [...failed.username].slice(0, MAX_SUBMITTED).join('')
      return entry('login_failed', null, null, { username, reason: failed.reason })
    }
    case 'onRefreshReuseDetected': {
      const reuse = e as EventOf<'onRefreshReuseDetected'>
      return entry('refresh_token_reuse_detected', reuse.userId, reuse.sessionId, {})
    }
    case 'onLogout': {
      const logout = e as EventOf<'onLogout'>
      return entry('logout', logout.userId, logout.sessionId, {})
    }
    case 'onSessionRevoked': {
      const revoked = e as EventOf<'onSessionRevoked'>
      return entry('session_revoked', revoked.userId, revoked.sessionId, { reason: revoked.reason })
    }
    case 'onPasswordChanged': {
      const changed = e as EventOf<'onPasswordChanged'>
      return entry('password_changed', changed.userId, changed.sessionId ?? null, {
        revoked_sessions: changed.revokedSessions,
      })
    }
    default:
      return undefined
  }
}
