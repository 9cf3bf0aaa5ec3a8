import type { Selectable } from 'kysely'
import type { Session } from '../../core/sessions/session.ts'
import type { SessionTable } from '../schema.ts'

/** A `latchkey_session` row as the core's Session; `Number` because a driver may hand integers back as bigints. */
export function toSession(row: Selectable<SessionTable>): Session {
  const time = (value: number | null) => (value === null ? null : Number(value))
  return {
    id: row.id,
    userId: Number(row.user_id),
    createdAt: Number(row.created_at),
    lastUsedAt: Number(row.last_used_at),
    expiresAt: Number(row.expires_at),
    currentJti: row.current_jti,
    currentIssuedAt: Number(row.current_issued_at),
    previousJti: row.previous_jti,
    rotatedAt: time(row.rotated_at),
    revokedAt: time(row.revoked_at),
    revokeReason: row.revoke_reason,
    userAgent: row.user_agent,
    ip: row.ip,
  }
}
