import type { AuthContext } from '../context.ts'
import type { EventOrigin } from '../events.ts'
import type { AuditValue } from './audit-store.ts'

/** Who performed an administrative action: a staff user through the API, or the CLI (`id` null). */
export interface Actor {
  readonly id: number | null
  readonly ip: string
  readonly userAgent: string
}

/** The actor's address and agent, as the origin of the session events an action causes. */
export function originOf(actor: Actor): EventOrigin {
  return { ip: actor.ip, userAgent: actor.userAgent }
}

/**
 * The actor for actions taken on the command line (or by a script using the library).
 *
 * @example await deactivate(core, userId, CLI_ACTOR)
 */
export const CLI_ACTOR: Actor = { id: null, ip: '', userAgent: 'latchkey-cli' }

export type AdminAction =
  | 'user_created'
  | 'user_updated'
  | 'user_deactivated'
  | 'user_reactivated'
  | 'user_deleted'
  | 'password_set'
  | 'sessions_revoked'
  | 'session_revoked'
  | 'key_rotated'

/**
 * Logs an administrative action as one structured line and queues it for the audit log, with the acting admin's id.
 * Details are ids, field names and counts: never a password or token.
 */
export function recordAdminAction(
  ctx: AuthContext,
  actor: Actor,
  action: AdminAction,
  userId: number | null,
  detail: Readonly<Record<string, AuditValue>> = {},
): void {
  const type = `admin.${action}`
  ctx.logger.info({ event: type, actorId: actor.id, userId, ...detail }, type)
  ctx.audit.record({
    type,
    at: ctx.clock.now(),
    userId,
    actorId: actor.id,
    sessionId: null,
    ip: actor.ip,
    userAgent: actor.userAgent,
    detail,
  })
}
