import { type Kysely, type Selectable, sql } from 'kysely'
import { SUPPORTED_DJANGO_HASHERS } from '../../core/passwords/django-hashes.ts'
import type { GuardedOutcome, NewUser, User, UserChange, UserStore } from '../../core/users/user.ts'
import type { Database, Dialect, UserTable } from '../schema.ts'

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

/** The same for the case-insensitive index of users created here (`latchkey_user_username_folded`). */
function isFoldedNameTaken(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { code?: unknown; errcode?: unknown; constraint?: unknown; message?: unknown }
  if (e.code === '23505') return e.constraint === 'latchkey_user_username_folded'
  return e.errcode === 2067 && String(e.message).includes('latchkey_user_username_folded')
}

/** Ids are 32-bit like Django's; PostgreSQL would throw comparing an `integer` column with anything larger. */
const MAX_ID = 2 ** 31 - 1
const isUserId = (id: number) => Number.isInteger(id) && id >= 1 && id <= MAX_ID

/** `%`, `_` and the escape character itself match literally in a LIKE pattern with `escape '\\'`. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

const SEARCHED = ['username', 'email', 'first_name', 'last_name'] as const

/**
 * Every change that could leave no active superuser takes this lock first on PostgreSQL. Under READ COMMITTED two
 * such statements would each see the other superuser still active in their snapshot and both go through; behind
 * the lock the second statement starts after the first committed, and its condition sees the change. SQLite runs
 * one write statement at a time already.
 */
const LAST_SUPERUSER_LOCK = sql`select pg_advisory_xact_lock(hashtext('latchkey_last_superuser'))`

/** Users over Kysely, one code for SQLite and PostgreSQL; every method is a single statement. */
export function createKyselyUserStore(db: Kysely<Database>, dialect: Dialect): UserStore {
  /** Runs a statement guarded by "another active superuser exists" so that concurrent ones cannot both pass. */
  const guarded = <T>(statement: (q: Kysely<Database>) => Promise<T>): Promise<T> =>
    dialect === 'postgres'
      ? db.transaction().execute(async (tx) => {
          await LAST_SUPERUSER_LOCK.execute(tx)
          return statement(tx)
        })
      : statement(db)
  const flag = (value: boolean | undefined, fallback: boolean) => ((value ?? fallback) ? 1 : 0)
  /** Another active superuser than `id` exists: the condition that lets `id` stop being one. */
  const anotherSuperuser = (q: Kysely<Database>, id: number) =>
    q
      .selectFrom('latchkey_user as other')
      .select(sql.lit(1).as('one'))
      .where('other.is_active', '=', 1)
      .where('other.is_superuser', '=', 1)
      .where('other.id', '<>', id)
  const outcomeAfterMiss = async (id: number): Promise<GuardedOutcome> =>
    (await db.selectFrom('latchkey_user').select('id').where('id', '=', id).executeTakeFirst()) === undefined
      ? { kind: 'missing' }
      : { kind: 'last_superuser' }
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
    async createIfNameFree(user: NewUser, now) {
      try {
        const row = await db
          .insertInto('latchkey_user')
          .columns([
            'username',
            'password_hash',
            'first_name',
            'last_name',
            'email',
            'is_active',
            'is_staff',
            'is_superuser',
            'date_joined',
            'case_unique',
          ])
          .expression(
            db
              .selectNoFrom((eb) => [
                eb.cast<string>(eb.val(user.username), 'text').as('username'),
                eb.cast<string>(eb.val(user.passwordHash), 'text').as('password_hash'),
                eb.cast<string>(eb.val(user.firstName ?? ''), 'text').as('first_name'),
                eb.cast<string>(eb.val(user.lastName ?? ''), 'text').as('last_name'),
                eb.cast<string>(eb.val(user.email ?? ''), 'text').as('email'),
                eb.cast<number>(eb.val(flag(user.isActive, true)), 'integer').as('is_active'),
                eb.cast<number>(eb.val(flag(user.isStaff, false)), 'integer').as('is_staff'),
                eb.cast<number>(eb.val(flag(user.isSuperuser, false)), 'integer').as('is_superuser'),
                eb.cast<number>(eb.val(now), 'bigint').as('date_joined'),
                eb.cast<number>(eb.val(1), 'integer').as('case_unique'),
              ])
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom('latchkey_user')
                      .select(sql.lit(1).as('one'))
                      .where(sql`lower(username)`, '=', sql`lower(${user.username})`),
                  ),
                ),
              ),
          )
          .returningAll()
          .executeTakeFirst()
        return row === undefined ? undefined : toUser(row)
      } catch (error) {
        if (isUsernameTaken(error) || isFoldedNameTaken(error)) return undefined
        throw error
      }
    },
    async list(query) {
      const search = query.search ?? ''
      // PostgreSQL refuses NUL in text; no stored value can contain one, so nothing matches.
      if (search.includes('\u0000')) return { count: 0, users: [] }
      let base = db.selectFrom('latchkey_user')
      if (search !== '') {
        const pattern = `%${likeLiteral(search)}%`
        base = base.where((eb) =>
          eb.or(
            SEARCHED.map(
              (column) => sql<boolean>`lower(${sql.ref(column)}) like lower(${pattern}) escape '\\'`,
            ),
          ),
        )
      }
      if (query.isActive !== undefined) base = base.where('is_active', '=', query.isActive ? 1 : 0)
      if (query.isStaff !== undefined) base = base.where('is_staff', '=', query.isStaff ? 1 : 0)
      const [counted, rows] = await Promise.all([
        base.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow(),
        base.selectAll().orderBy('id').limit(query.limit).offset(query.offset).execute(),
      ])
      return { count: Number(counted.count), users: rows.map(toUser) }
    },
    async update(id, change: UserChange) {
      if (!isUserId(id)) return { kind: 'missing' }
      const set = {
        ...(change.firstName !== undefined && { first_name: change.firstName }),
        ...(change.lastName !== undefined && { last_name: change.lastName }),
        ...(change.email !== undefined && { email: change.email }),
        ...(change.isActive !== undefined && { is_active: change.isActive ? 1 : 0 }),
        ...(change.isStaff !== undefined && { is_staff: change.isStaff ? 1 : 0 }),
        ...(change.isSuperuser !== undefined && { is_superuser: change.isSuperuser ? 1 : 0 }),
      }
      if (Object.keys(set).length === 0) {
        const row = await db.selectFrom('latchkey_user').selectAll().where('id', '=', id).executeTakeFirst()
        return row === undefined ? { kind: 'missing' } : { kind: 'done', user: toUser(row) }
      }
      const demotes = change.isActive === false || change.isSuperuser === false
      const update = (q: Kysely<Database>) =>
        q
          .updateTable('latchkey_user')
          .set(set)
          .where('id', '=', id)
          .$if(demotes, (u) =>
            u.where((eb) =>
              eb.or([
                eb.not(eb.and([eb('is_active', '=', 1), eb('is_superuser', '=', 1)])),
                eb.exists(anotherSuperuser(q, id)),
              ]),
            ),
          )
          .returningAll()
          .executeTakeFirst()
      const row = demotes ? await guarded(update) : await update(db)
      return row === undefined ? outcomeAfterMiss(id) : { kind: 'done', user: toUser(row) }
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
      if (!isUserId(id)) return { kind: 'missing' }
      // Sessions go with the user through the foreign key's ON DELETE CASCADE, in the same statement.
      const row = await guarded((q) =>
        q
          .deleteFrom('latchkey_user')
          .where('id', '=', id)
          .where((eb) =>
            eb.or([
              eb.not(eb.and([eb('is_active', '=', 1), eb('is_superuser', '=', 1)])),
              eb.exists(anotherSuperuser(q, id)),
            ]),
          )
          .returningAll()
          .executeTakeFirst(),
      )
      return row === undefined ? outcomeAfterMiss(id) : { kind: 'done', user: toUser(row) }
    },
  }
}
