import type { ExpressionBuilder, Kysely } from 'kysely'
import {
  isLive,
  isWithinGrace,
  type Liveness,
  type NewSession,
  type RevokeOwnedOutcome,
  type RevokeReason,
  type RotateInput,
  type RotateOutcome,
  type Session,
  type SessionStore,
  type UseInput,
  type UseOutcome,
} from '../../core/sessions/session.ts'
import type { Database, Dialect } from '../schema.ts'
import { activeUser, userRefusal } from './active-user.ts'
import { inTransaction } from './in-transaction.ts'
import { precompiledRotation } from './precompiled-rotation.ts'
import { toSession } from './session-row.ts'

type SessionExpressions = ExpressionBuilder<Database, 'latchkey_session'>

/** `Liveness` in SQL: unrevoked, before the absolute end, and used within the idle timeout when there is one. */
function live(eb: SessionExpressions, { now, idleTimeoutMs }: Liveness) {
  const conditions = [eb('revoked_at', 'is', null), eb('expires_at', '>', now)]
  if (idleTimeoutMs > 0) conditions.push(eb('last_used_at', '>', now - idleTimeoutMs))
  return eb.and(conditions)
}

/**
 * The condition rotate and use act under: a live session of this user whose current token is the presented one,
 * and the user exists and is active.
 */
function holdsCurrentToken(eb: SessionExpressions, input: UseInput) {
  return eb.and([
    eb('id', '=', input.sessionId),
    eb('user_id', '=', input.userId),
    eb('current_jti', '=', input.presentedJti),
    live(eb, input),
    activeUser(eb, input.userId),
  ])
}

/** The user's session, or undefined when there is none or it is another user's. */
async function readOwned(
  db: Kysely<Database>,
  sessionId: string,
  userId: number,
): Promise<Session | undefined> {
  const session = await read(db, sessionId)
  return session?.userId === userId ? session : undefined
}

async function read(db: Kysely<Database>, sessionId: string): Promise<Session | undefined> {
  const row = await db
    .selectFrom('latchkey_session')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row === undefined ? undefined : toSession(row)
}

/** Revokes the user's session if it is not revoked yet; undefined when it is missing or someone revoked it first. */
async function revokeUnrevoked(
  db: Kysely<Database>,
  sessionId: string,
  userId: number,
  now: number,
  reason: RevokeReason,
): Promise<Session | undefined> {
  const row = await db
    .updateTable('latchkey_session')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
  return row === undefined ? undefined : toSession(row)
}

/**
 * Creates a session and revokes the user's oldest live ones beyond `maxLive`, in the caller's transaction. On
 * PostgreSQL the user's row is locked first, so concurrent logins of one user take turns; SQLite's write
 * transaction already serialises them.
 */
async function createCappedIn(
  db: Kysely<Database>,
  dialect: Dialect,
  input: NewSession,
  maxLive: number,
  idleTimeoutMs: number,
): Promise<{ session: Session; evicted: Session[] }> {
  if (dialect === 'postgres')
    await db.selectFrom('latchkey_user').select('id').where('id', '=', input.userId).forUpdate().execute()
  const session = await insert(db, input)
  const liveness = { now: input.createdAt, idleTimeoutMs }
  // Only the excess is read: the live sessions after the `maxLive - 1` newest others (SQLite spells "no limit" -1).
  const excessRows = await db
    .selectFrom('latchkey_session')
    .select('id')
    .where('user_id', '=', input.userId)
    .where('id', '!=', session.id)
    .where((eb) => live(eb, liveness))
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(dialect === 'sqlite' ? -1 : null)
    .offset(Math.max(0, maxLive - 1))
    .execute()
  const excess = excessRows.map((row) => row.id)
  if (excess.length === 0) return { session, evicted: [] }
  const rows = await db
    .updateTable('latchkey_session')
    .set({ revoked_at: input.createdAt, revoke_reason: 'session_limit' })
    .where('id', 'in', excess)
    .where('revoked_at', 'is', null)
    .returningAll()
    .execute()
  const evicted = rows.map(toSession).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? 1 : -1))
  return { session, evicted }
}

async function insert(db: Kysely<Database>, session: NewSession): Promise<Session> {
  const row = await db
    .insertInto('latchkey_session')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      last_used_at: session.createdAt,
      expires_at: session.expiresAt,
      current_jti: session.currentJti,
      current_issued_at: session.createdAt,
      previous_jti: null,
      rotated_at: null,
      revoked_at: null,
      revoke_reason: null,
      user_agent: session.userAgent,
      ip: session.ip,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toSession(row)
}

/** The conditional UPDATE that rotates the presented token if it is the current one; undefined when it is not. */
async function rotateCurrent(db: Kysely<Database>, input: RotateInput): Promise<RotateOutcome | undefined> {
  const rotated = await rotationOf(db)(input)
  return rotated === undefined ? undefined : { kind: 'rotated', session: toSession(rotated) }
}

/** One precompiled rotation per database handle (a transaction's handle included). */
const rotations = new WeakMap<Kysely<Database>, ReturnType<typeof precompiledRotation>>()

function rotationOf(db: Kysely<Database>): ReturnType<typeof precompiledRotation> {
  let rotate = rotations.get(db)
  if (rotate === undefined) {
    rotate = precompiledRotation(db)
    rotations.set(db, rotate)
  }
  return rotate
}

/**
 * The rotation. The first statement is the whole decision for the common case: a conditional UPDATE that only the
 * holder of the current token of an active user can win, so the database — its row lock on PostgreSQL, its single
 * writer on SQLite — picks one winner among concurrent requests. A loser's UPDATE runs after the winner's commit
 * (PostgreSQL re-checks the WHERE on the new row version), so the reads that follow already see the successor it
 * must answer with.
 */
async function rotateIn(db: Kysely<Database>, input: RotateInput): Promise<RotateOutcome> {
  const { sessionId, userId, presentedJti, now, graceMs } = input
  const serviceNow = input.serviceNow ?? now
  const rotated = await rotateCurrent(db, input)
  if (rotated !== undefined) return rotated

  // A missing or inactive user is refused before the session is looked at, so nothing below runs for them: no grace
  // answer, and no reuse detection whose revocation would be a write on behalf of a user who may not refresh.
  const refused = await userRefusal(db, userId)
  if (refused !== undefined) return refused
  // Another user's session reads as missing: a forged token learns nothing and changes nothing.
  const session = await readOwned(db, sessionId, userId)
  if (session === undefined) return { kind: 'missing' }
  if (session.revokedAt !== null) return { kind: 'revoked', session }
  if (!isLive(session, input)) return { kind: 'missing' }
  if (isWithinGrace(session, presentedJti, serviceNow, graceMs)) return { kind: 'grace', session }

  const revoked = await revokeUnrevoked(db, sessionId, userId, now, 'refresh_token_reuse')
  if (revoked !== undefined) return { kind: 'reuse', session: revoked }
  // A concurrent call (another replay, a logout) revoked it between our read and our UPDATE: it was revoked before
  // this call could, so every racer but one hears `revoked`, never a second `reuse`.
  const after = await read(db, sessionId)
  return after === undefined ? { kind: 'missing' } : { kind: 'revoked', session: after }
}

/**
 * Sessions over Kysely, one code for SQLite and PostgreSQL.
 *
 * @example
 * const sessions = createKyselySessionStore(db, 'postgres')
 * const outcome = await sessions.rotate({ sessionId, presentedJti, newJti, now, graceMs: 30_000 })
 */
export function createKyselySessionStore(db: Kysely<Database>, dialect: Dialect): SessionStore {
  return {
    create: (session) => insert(db, session),
    createCapped(session, maxLive, idleTimeoutMs) {
      return inTransaction(db, (tx) => createCappedIn(tx, dialect, session, maxLive, idleTimeoutMs))
    },
    get: (sessionId) => read(db, sessionId),
    async rotate(input) {
      // On PostgreSQL each statement is atomic and the row lock orders racers, so no transaction (and its two extra
      // round trips) is needed. SQLite gets one write transaction: Kysely runs it alone on its single connection,
      // and the file lock keeps other processes out until it commits.
      // The common case needs no transaction on SQLite either: the conditional UPDATE alone is one atomic statement
      // (and BEGIN/COMMIT cost two more). Only a token that did not rotate takes the transaction that says why.
      if (dialect === 'postgres') return rotateIn(db, input)
      const rotated = await rotateCurrent(db, input)
      if (rotated !== undefined) return rotated
      return inTransaction(db, (tx) => rotateIn(tx, input))
    },
    async use(input): Promise<UseOutcome> {
      // Bump-if-valid in one statement, the user's state included; only a refused token costs the reads that say why.
      const used = await db
        .updateTable('latchkey_session')
        .set({ last_used_at: input.now })
        .where((eb) => holdsCurrentToken(eb, input))
        .returningAll()
        .executeTakeFirst()
      if (used !== undefined) return { kind: 'valid', session: toSession(used) }
      const refused = await userRefusal(db, input.userId)
      if (refused !== undefined) return refused
      const session = await readOwned(db, input.sessionId, input.userId)
      if (session === undefined) return { kind: 'missing' }
      if (session.revokedAt !== null) return { kind: 'revoked', session }
      if (!isLive(session, input)) return { kind: 'missing' }
      return { kind: 'unknown_token', session }
    },
    async reissue(input) {
      const row = await db
        .updateTable('latchkey_session')
        .set({
          previous_jti: null,
          current_jti: input.newJti,
          current_issued_at: input.now,
          rotated_at: input.now,
          last_used_at: input.now,
        })
        .where('id', '=', input.sessionId)
        .where('user_id', '=', input.userId)
        .where((eb) => live(eb, input))
        .returningAll()
        .executeTakeFirst()
      return row === undefined ? undefined : toSession(row)
    },
    async revokeOwned(sessionId, userId, now, reason): Promise<RevokeOwnedOutcome> {
      const row = await db
        .updateTable('latchkey_session')
        .set({ revoked_at: now, revoke_reason: reason })
        .where('id', '=', sessionId)
        .where('user_id', '=', userId)
        .where((eb) => live(eb, { now, idleTimeoutMs: 0 }))
        .returningAll()
        .executeTakeFirst()
      if (row !== undefined) return { kind: 'revoked', session: toSession(row) }
      // Only the answer's wording depends on this read; nothing is written after it.
      return (await readOwned(db, sessionId, userId)) === undefined
        ? { kind: 'missing' }
        : { kind: 'not_live' }
    },
    async revokeAllForUser(userId, now, reason, exceptSessionId) {
      let query = db
        .updateTable('latchkey_session')
        .set({ revoked_at: now, revoke_reason: reason })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
      if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId)
      return (await query.returningAll().execute()).map(toSession)
    },
    async listLive(userId, now, { idleTimeoutMs = 0, offset = 0, limit } = {}) {
      let query = db
        .selectFrom('latchkey_session')
        .selectAll()
        .where('user_id', '=', userId)
        .where((eb) => live(eb, { now, idleTimeoutMs }))
        .orderBy('created_at', 'desc')
        .orderBy('id')
      // SQLite has no OFFSET without LIMIT; -1 is its "no limit", and PostgreSQL takes LIMIT ALL as NULL.
      if (limit !== undefined || offset > 0)
        query = query.limit(limit ?? (dialect === 'sqlite' ? -1 : null)).offset(offset)
      return (await query.execute()).map(toSession)
    },
    async countLive(userId, liveness) {
      const row = await db
        .selectFrom('latchkey_session')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('user_id', '=', userId)
        .where((eb) => live(eb, liveness))
        .executeTakeFirstOrThrow()
      return Number(row.count)
    },
    async listRevokedSince(since) {
      const rows = await db
        .selectFrom('latchkey_session')
        .selectAll()
        .where('revoked_at', '>=', since)
        .orderBy('revoked_at')
        .execute()
      return rows.map(toSession)
    },
    async flush(now, revokedBefore) {
      // "Expired" means what rotate() means by it: no longer live once `expires_at <= now`.
      const result = await db
        .deleteFrom('latchkey_session')
        .where((eb) =>
          eb.or([
            eb('expires_at', '<=', now),
            eb.and([eb('revoked_at', 'is not', null), eb('revoked_at', '<', revokedBefore)]),
          ]),
        )
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}
