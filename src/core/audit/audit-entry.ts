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
  const base = { at, actorId: null, ip: event.ip, userAgent: event.userAgent }
  const e = event as EventOf<EventName>
  switch (name) {
    case 'onLogin': {
      const login = e as EventOf<'onLogin'>
      return { ...base, type: 'login', userId: login.userId, sessionId: login.sessionId, detail: {} }
    }
    case 'onLoginFailed': {
      const failed = e as EventOf<'onLoginFailed'>
      return {
        ...base,
        type: 'login_failed',
        userId: null,
        sessionId: null,
        detail: { username: [...failed.username].slice(0, MAX_SUBMITTED).join(''), reason: failed.reason },
      }
    }
    case 'onRefreshReuseDetected': {
      const reuse = e as EventOf<'onRefreshReuseDetected'>
      return {
        ...base,
        type: 'refresh_token_reuse_detected',
        userId: reuse.userId,
        sessionId: reuse.sessionId,
        detail: {},
      }
    }
    case 'onLogout': {
      const logout = e as EventOf<'onLogout'>
      return { ...base, type: 'logout', userId: logout.userId, sessionId: logout.sessionId, detail: {} }
    }
    case 'onSessionRevoked': {
      const revoked = e as EventOf<'onSessionRevoked'>
      return {
        ...base,
        type: 'session_revoked',
        userId: revoked.userId,
        sessionId: revoked.sessionId,
        detail: { reason: revoked.reason },
      }
    }
    case 'onPasswordChanged': {
      const changed = e as EventOf<'onPasswordChanged'>
      return {
        ...base,
        type: 'password_changed',
        userId: changed.userId,
        sessionId: changed.sessionId ?? null,
        detail: { revoked_sessions: changed.revokedSessions },
      }
    }
    default:
      return undefined
  }
}
