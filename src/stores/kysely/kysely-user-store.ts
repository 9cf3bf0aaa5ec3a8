import type { Kysely, Selectable } from 'kysely'
import type { NewUser, User, UserStore } from '../../core/users/user.ts'
import type { Database, UserTable } from './schema.ts'

function toUser(row: Selectable<UserTable>): User {
  return {
    id: Number(row.id),
    username: row.username,
    passwordHash: row.password_hash,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    isActive: Number(row.is_active) === 1,
    isStaff: Number(row.is_staff) === 1,
    isSuperuser: Number(row.is_superuser) === 1,
    dateJoined: Number(row.date_joined),
    lastLogin: row.last_login === null ? null : Number(row.last_login),
  }
}

/** SQLite's and PostgreSQL's ways of saying "that unique value exists already". */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown }
  return e.code === '23505' || e.errcode === 2067 || /UNIQUE constraint failed/.test(String(e.message))
}

export function createKyselyUserStore(db: Kysely<Database>): UserStore {
  const flag = (value: boolean | undefined, fallback: boolean) => ((value ?? fallback) ? 1 : 0)
  return {
    async findById(id) {
      if (!Number.isSafeInteger(id)) return undefined
      const row = await db.selectFrom('latchkey_user').selectAll().where('id', '=', id).executeTakeFirst()
      return row === undefined ? undefined : toUser(row)
    },
    async findByUsername(username) {
      const row = await db
        .selectFrom('latchkey_user')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst()
      return row === undefined ? undefined : toUser(row)
    },
    async create(user: NewUser, now) {
      try {
        const row = await db
          .insertInto('latchkey_user')
          .values({
            username: user.username,
            password_hash: user.passwordHash,
            first_name: user.firstName ?? '',
            last_name: user.lastName ?? '',
            email: user.email ?? '',
            is_active: flag(user.isActive, true),
            is_staff: flag(user.isStaff, false),
            is_superuser: flag(user.isSuperuser, false),
            date_joined: now,
            last_login: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        return toUser(row)
      } catch (error) {
        if (isUniqueViolation(error)) return undefined
        throw error
      }
    },
    async setPasswordHash(id, passwordHash) {
      await db
        .updateTable('latchkey_user')
        .set({ password_hash: passwordHash })
        .where('id', '=', id)
        .execute()
    },
    async setActive(id, isActive) {
      await db
        .updateTable('latchkey_user')
        .set({ is_active: isActive ? 1 : 0 })
        .where('id', '=', id)
        .execute()
    },
    async recordLogin(id, at) {
      await db.updateTable('latchkey_user').set({ last_login: at }).where('id', '=', id).execute()
    },
    async delete(id) {
      await db.deleteFrom('latchkey_user').where('id', '=', id).execute()
    },
  }
}
