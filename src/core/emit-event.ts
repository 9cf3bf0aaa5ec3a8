import { auditEntryFor } from './audit/audit-entry.ts'
import type { AuthContext } from './context.ts'
import type { AuthEvents } from './events.ts'

type EventName = keyof AuthEvents
type EventOf<K extends EventName> = Parameters<NonNullable<AuthEvents[K]>>[0]

const LOG_NAME: Readonly<Record<EventName, string>> = {
  onLogin: 'login',
  onLoginFailed: 'login_failed',
  onRefresh: 'refresh',
  onRefreshReuseDetected: 'refresh_token_reuse_detected',
  onLogout: 'logout',
  onSessionRevoked: 'session_revoked',
  onPasswordChanged: 'password_changed',
}

/**
 * Logs the event as one structured line, queues it for the audit log, and calls the user's hook. Events carry ids, never a token, cookie or
 * password, so the line is safe as it is. A failing hook is logged and never changes the response.
 */
export function emitEvent<K extends EventName>(ctx: AuthContext, name: K, event: EventOf<K>): void {
  const fields = { event: LOG_NAME[name], ...event }
  if (name === 'onRefreshReuseDetected' || name === 'onLoginFailed') ctx.logger.warn(fields, LOG_NAME[name])
  else ctx.logger.info(fields, LOG_NAME[name])
  const entry = auditEntryFor(name, event, ctx.clock.now())
  if (entry !== undefined) ctx.audit.record(entry)
  const hook = ctx.events[name] as ((e: EventOf<K>) => void | Promise<void>) | undefined
  if (hook === undefined) return
  try {
    const pending = hook(event)
    if (pending instanceof Promise)
      pending.catch((error: unknown) =>
        ctx.logger.error({ event: LOG_NAME[name], error: String(error) }, 'hook failed'),
      )
  } catch (error) {
    ctx.logger.error({ event: LOG_NAME[name], error: String(error) }, 'hook failed')
  }
}
