import type { Kysely, Selectable } from 'kysely'
import { SUPPORTED_DJANGO_HASHERS } from '../../core/passwords/django-hashes.ts'
import type { NewUser, User, UserStore } from '../../core/users/user.ts'
import type { Database, UserTable } from '../schema.ts'

export function toUser(row: Selectable<UserTable>): User {
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

/**
 * Whether an INSERT failed on the username's unique index: SQLite says SQLITE_CONSTRAINT_UNIQUE (2067) naming the
 * column, PostgreSQL says 23505 naming the constraint. Any other violation (say, an id clash after rows were imported
 * with explicit ids) is a fault to surface, not "the username is taken".
 */
export function isUsernameTaken(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { code?: unknown; errcode?: unknown; constraint?: unknown; message?: unknown }
  if (e.code === '23505') return e.constraint === 'latchkey_user_username_key'
  return e.errcode === 2067 && String(e.message).includes('latchkey_user.username')
}

/** Ids are 32-bit like Django's; PostgreSQL would throw comparing an `integer` column with anything larger. */
const MAX_ID = 2 ** 31 - 1
const isUserId = (id: number) => Number.isInteger(id) && id >= 1 && id <= MAX_ID

/** Users over Kysely, one code for SQLite and PostgreSQL; every method is a single statement. */
export function createKyselyUserStore(db: Kysely<Database>): UserStore {
  const flag = (value: boolean | undefined, fallback: boolean) => ((value ?? fallback) ? 1 : 0)
  return {
    async findById(id) {
      if (!isUserId(id)) return undefined
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
        // The unique index decides, atomically; a read first would race another create of the same name.
        if (isUsernameTaken(error)) return undefined
        throw error
      }
    },
    async setPasswordHash(id, passwordHash) {
      if (!isUserId(id)) return
      await db
        .updateTable('latchkey_user')
        .set({ password_hash: passwordHash })
        .where('id', '=', id)
        .execute()
    },
    async replacePasswordHash(id, expected, passwordHash) {
      if (!isUserId(id)) return false
      const result = await db
        .updateTable('latchkey_user')
        .set({ password_hash: passwordHash })
        .where('id', '=', id)
        .where('password_hash', '=', expected)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async findLegacyPasswordHash() {
      // Django hashes start with their hasher's name and a `$`; Latchkey's own are PHC strings (`$argon2id$…`).
      const row = await db
        .selectFrom('latchkey_user')
        .select('password_hash')
        .where((eb) =>
          eb.or(SUPPORTED_DJANGO_HASHERS.map((name) => eb('password_hash', 'like', `${name}$%`))),
        )
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
      return row?.password_hash
    },
    async setActive(id, isActive) {
      if (!isUserId(id)) return
      await db
        .updateTable('latchkey_user')
        .set({ is_active: isActive ? 1 : 0 })
        .where('id', '=', id)
        .execute()
    },
    async recordLogin(id, at) {
      if (!isUserId(id)) return
      await db.updateTable('latchkey_user').set({ last_login: at }).where('id', '=', id).execute()
    },
    async delete(id) {
      if (!isUserId(id)) return
      // Sessions go with the user through the foreign key's ON DELETE CASCADE, in the same statement.
      await db.deleteFrom('latchkey_user').where('id', '=', id).execute()
    },
  }
}
