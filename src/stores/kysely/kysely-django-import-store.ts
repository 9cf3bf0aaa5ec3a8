import { type Kysely, sql } from 'kysely'
import type { DjangoImportStore, UserImportRecord } from '../../core/django/import-store.ts'
import type { Database, Dialect } from '../schema.ts'
import { toUser } from './kysely-user-store.ts'

const flag = (value: boolean) => (value ? 1 : 0)

function toRow({ user, djangoRow }: UserImportRecord) {
  return {
    id: user.id,
    username: user.username,
    password_hash: user.passwordHash,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    is_active: flag(user.isActive),
    is_staff: flag(user.isStaff),
    is_superuser: flag(user.isSuperuser),
    date_joined: user.dateJoined,
    last_login: user.lastLogin,
    django_row: djangoRow,
  }
}

/** The writes of `latchkey import-django` over Kysely; the id sequence is the one place the dialects differ. */
export function createKyselyDjangoImportStore(db: Kysely<Database>, dialect: Dialect): DjangoImportStore {
  return {
    async findForImport(ids, usernames) {
      if (ids.length === 0 && usernames.length === 0) return []
      const rows = await db
        .selectFrom('latchkey_user')
        .selectAll()
        .where((eb) =>
          eb.or([
            ...(ids.length > 0 ? [eb('id', 'in', [...ids])] : []),
            ...(usernames.length > 0 ? [eb('username', 'in', [...usernames])] : []),
          ]),
        )
        .execute()
      return rows.map((row) => ({ user: toUser(row), djangoRow: row.django_row }))
    },
    async reserveUserIds(maxId) {
      if (dialect === 'postgres') {
        // An identity column's sequence. The lock makes inserts wait while the sequence moves, so none is handed a
        // value between the read and the setval; GREATEST never moves it back.
        await db.transaction().execute(async (trx) => {
          await sql`lock table latchkey_user in share row exclusive mode`.execute(trx)
          await sql`select setval(pg_get_serial_sequence('latchkey_user', 'id'), greatest(${maxId}::bigint,
            coalesce(pg_sequence_last_value(pg_get_serial_sequence('latchkey_user', 'id')::regclass), 0),
            (select coalesce(max(id), 0) from latchkey_user)))`.execute(trx)
        })
        return
      }
      // SQLite's AUTOINCREMENT hands out max(sqlite_sequence.seq, max(rowid)) + 1; an explicit id above the
      // sequence moves it too, so this only covers ids reserved before they are written.
      await sql`insert into sqlite_sequence (name, seq) select 'latchkey_user', 0
        where not exists (select 1 from sqlite_sequence where name = 'latchkey_user')`.execute(db)
      await sql`update sqlite_sequence set seq = max(seq, ${maxId}) where name = 'latchkey_user'`.execute(db)
    },
    async upsertImportedUsers(users) {
      if (users.length === 0) return 0
      const result = await db
        .insertInto('latchkey_user')
        .values(users.map(toRow))
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({
              username: eb.ref('excluded.username'),
              password_hash: eb.ref('excluded.password_hash'),
              first_name: eb.ref('excluded.first_name'),
              last_name: eb.ref('excluded.last_name'),
              email: eb.ref('excluded.email'),
              is_active: eb.ref('excluded.is_active'),
              is_staff: eb.ref('excluded.is_staff'),
              is_superuser: eb.ref('excluded.is_superuser'),
              date_joined: eb.ref('excluded.date_joined'),
              last_login: eb.ref('excluded.last_login'),
              django_row: eb.ref('excluded.django_row'),
            }))
            // The marker decides in the statement itself: a user created in Latchkey is never overwritten.
            .where('latchkey_user.django_row', 'is not', null),
        )
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0)
    },
    async addImportedSessions(sessions, now) {
      if (sessions.length === 0) return 0
      const result = await db
        .insertInto('latchkey_session')
        .values(
          sessions.map((s) => ({
            id: s.id,
            user_id: s.userId,
            created_at: s.createdAt,
            last_used_at: now,
            expires_at: s.expiresAt,
            current_jti: s.currentJti,
            current_issued_at: s.createdAt,
            previous_jti: null,
            rotated_at: null,
            revoked_at: null,
            revoke_reason: null,
            user_agent: s.userAgent,
            ip: s.ip,
          })),
        )
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0)
    },
    async revokeUnusedImportedSessions(ids, now) {
      if (ids.length === 0) return 0
      const result = await db
        .updateTable('latchkey_session')
        .set({ revoked_at: now, revoke_reason: 'logout' })
        .where('id', 'in', [...ids])
        .where('revoked_at', 'is', null)
        .where('previous_jti', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst()
      return Number(result.numUpdatedRows)
    },
  }
}
