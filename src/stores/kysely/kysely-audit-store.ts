import type { Kysely, Selectable } from 'kysely'
import type { AuditEvent, AuditStore, AuditValue } from '../../core/audit/audit-store.ts'
import type { AuditEventTable, Database } from '../schema.ts'

function toEvent(row: Selectable<AuditEventTable>): AuditEvent {
  return {
    id: Number(row.id),
    at: Number(row.at),
    type: row.type,
    userId: row.user_id === null ? null : Number(row.user_id),
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    sessionId: row.session_id,
    ip: row.ip,
    userAgent: row.user_agent,
    detail: JSON.parse(row.detail) as Record<string, AuditValue>,
  }
}

/** PostgreSQL refuses NUL in text; a User-Agent may carry one, and the log must still be written. */
const text = (value: string) => value.replaceAll('\u0000', '\uFFFD')

const MAX_ID = 2 ** 31 - 1

/** The audit log over Kysely, one code for SQLite and PostgreSQL. */
export function createKyselyAuditStore(db: Kysely<Database>): AuditStore {
  return {
    async append(entries) {
      if (entries.length === 0) return
      await db
        .insertInto('latchkey_audit_event')
        .values(
          entries.map((e) => ({
            at: e.at,
            type: text(e.type),
            user_id: e.userId,
            actor_id: e.actorId,
            session_id: e.sessionId === null ? null : text(e.sessionId),
            ip: text(e.ip),
            user_agent: text(e.userAgent),
            detail: text(JSON.stringify(e.detail)),
          })),
        )
        .execute()
    },
    async list(query) {
      if (
        query.userId !== undefined &&
        !(Number.isInteger(query.userId) && query.userId >= 1 && query.userId <= MAX_ID)
      )
        return { count: 0, events: [] }
      if (query.type?.includes('\u0000')) return { count: 0, events: [] }
      let base = db.selectFrom('latchkey_audit_event')
      if (query.userId !== undefined) base = base.where('user_id', '=', query.userId)
      if (query.type !== undefined) base = base.where('type', '=', query.type)
      const [counted, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow(),
        base.selectAll().orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
      ])
      return { count: Number(counted.count), events: rows.map(toEvent) }
    },
    async flush(before) {
      const result = await db.deleteFrom('latchkey_audit_event').where('at', '<', before).executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}
