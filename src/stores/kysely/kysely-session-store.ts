import type { ExpressionBuilder, Kysely } from 'kysely'
import {
  isWithinGrace,
  type RevokeReason,
  type RotateInput,
  type RotateOutcome,
  type Session,
  type SessionStore,
  type UseOutcome,
} from '../../core/sessions/session.ts'
import type { Database, Dialect } from '../schema.ts'
import { inTransaction } from './in-transaction.ts'
import { toSession } from './session-row.ts'

/** The condition both rotate and use act under: a live, unexpired session whose current token is the one presented. */
function holdsCurrentToken(
  eb: ExpressionBuilder<Database, 'latchkey_session'>,
  sessionId: string,
  presentedJti: string,
  now: number,
) {
  return eb.and([
    eb('id', '=', sessionId),
    eb('current_jti', '=', presentedJti),
    eb('revoked_at', 'is', null),
    eb('expires_at', '>', now),
  ])
}

async function read(db: Kysely<Database>, sessionId: string): Promise<Session | undefined> {
  const row = await db
    .selectFrom('latchkey_session')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row === undefined ? undefined : toSession(row)
}

/** Revokes a session that is not revoked yet; undefined when it is missing or someone revoked it first. */
async function revokeLive(
  db: Kysely<Database>,
  sessionId: string,
  now: number,
  reason: RevokeReason,
): Promise<Session | undefined> {
  const row = await db
    .updateTable('latchkey_session')
    .set({ revoked_at: now, revoke_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
  return row === undefined ? undefined : toSession(row)
}

/**
 * The rotation. The first statement is the whole decision for the common case: a conditional UPDATE that only the
 * holder of the current token can win, so the database — its row lock on PostgreSQL, its single writer on SQLite —
 * picks one winner among concurrent requests. A loser's UPDATE runs after the winner's commit (PostgreSQL re-checks
 * the WHERE on the new row version), so the read that follows already sees the successor it must answer with.
 */
async function rotateIn(db: Kysely<Database>, input: RotateInput): Promise<RotateOutcome> {
  const { sessionId, presentedJti, newJti, now, graceMs } = input
  const serviceNow = input.serviceNow ?? now
  const rotated = await db
    .updateTable('latchkey_session')
    .set((eb) => ({
      previous_jti: eb.ref('current_jti'),
      current_jti: newJti,
      current_issued_at: now,
      rotated_at: serviceNow,
      last_used_at: now,
    }))
    .where((eb) => holdsCurrentToken(eb, sessionId, presentedJti, now))
    .returningAll()
    .executeTakeFirst()
  if (rotated !== undefined) return { kind: 'rotated', session: toSession(rotated) }

  const session = await read(db, sessionId)
  if (session === undefined || session.expiresAt <= now) return { kind: 'missing' }
  if (session.revokedAt !== null) return { kind: 'revoked', session }
  if (isWithinGrace(session, presentedJti, serviceNow, graceMs)) return { kind: 'grace', session }

  const revoked = await revokeLive(db, sessionId, now, 'refresh_token_reuse')
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
    async create(session) {
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
    },
    get: (sessionId) => read(db, sessionId),
    rotate(input) {
      // On PostgreSQL each statement is atomic and the row lock orders racers, so no transaction (and its two extra
      // round trips) is needed. SQLite gets one write transaction: Kysely runs it alone on its single connection,
      // and the file lock keeps other processes out until it commits.
      return dialect === 'sqlite' ? inTransaction(db, (tx) => rotateIn(tx, input)) : rotateIn(db, input)
    },
    async use(sessionId, presentedJti, now): Promise<UseOutcome> {
      // Bump-if-valid in one statement; only an invalid token costs the read that says why.
      const used = await db
        .updateTable('latchkey_session')
        .set({ last_used_at: now })
        .where((eb) => holdsCurrentToken(eb, sessionId, presentedJti, now))
        .returningAll()
        .executeTakeFirst()
      if (used !== undefined) return { kind: 'valid', session: toSession(used) }
      const session = await read(db, sessionId)
      if (session === undefined || session.expiresAt <= now) return { kind: 'missing' }
      if (session.revokedAt !== null) return { kind: 'revoked', session }
      return { kind: 'unknown_token', session }
    },
    revoke: (sessionId, now, reason) => revokeLive(db, sessionId, now, reason),
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
    async listLive(userId, now) {
      const rows = await db
        .selectFrom('latchkey_session')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute()
      return rows.map(toSession)
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
