import type { Kysely, Selectable, Transaction } from 'kysely'
import type {
  RevokeReason,
  RotateInput,
  RotateOutcome,
  Session,
  SessionStore,
  UseOutcome,
} from '../../core/sessions/session.ts'
import type { Database, Dialect, SessionTable } from './schema.ts'

function toSession(row: Selectable<SessionTable>): Session {
  const num = (v: number | null) => (v === null ? null : Number(v))
  return {
    id: row.id,
    userId: Number(row.user_id),
    createdAt: Number(row.created_at),
    lastUsedAt: Number(row.last_used_at),
    expiresAt: Number(row.expires_at),
    currentJti: row.current_jti,
    currentIssuedAt: Number(row.current_issued_at),
    previousJti: row.previous_jti,
    rotatedAt: num(row.rotated_at),
    revokedAt: num(row.revoked_at),
    revokeReason: row.revoke_reason as RevokeReason | null,
    userAgent: row.user_agent,
    ip: row.ip,
  }
}

type Db = Kysely<Database> | Transaction<Database>

/** Revokes a session that is not revoked yet; undefined when it is missing or was already revoked. */
async function revokeLive(
  db: Db,
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
 * Sessions over Kysely, one code for SQLite and PostgreSQL. The rotation is the conditional UPDATE below: the
 * database, not this process, decides which of several concurrent requests wins.
 */
export function createKyselySessionStore(db: Kysely<Database>, dialect: Dialect): SessionStore {
  async function rotateIn(tx: Db, input: RotateInput): Promise<RotateOutcome> {
    const { sessionId, presentedJti, newJti, now, graceMs } = input
    const rotated = await tx
      .updateTable('latchkey_session')
      .set((eb) => ({
        previous_jti: eb.ref('current_jti'),
        current_jti: newJti,
        current_issued_at: now,
        rotated_at: now,
        last_used_at: now,
      }))
      .where('id', '=', sessionId)
      .where('current_jti', '=', presentedJti)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst()
    if (rotated !== undefined) return { kind: 'rotated', session: toSession(rotated) }
    const row = await tx
      .selectFrom('latchkey_session')
      .selectAll()
      .where('id', '=', sessionId)
      .executeTakeFirst()
    if (row === undefined || Number(row.expires_at) <= now) return { kind: 'missing' }
    const session = toSession(row)
    if (session.revokedAt !== null) return { kind: 'revoked', session }
    if (
      session.previousJti === presentedJti &&
      session.rotatedAt !== null &&
      now - session.rotatedAt <= graceMs
    )
      return { kind: 'grace', session }
    const revoked = await revokeLive(tx, sessionId, now, 'refresh_token_reuse')
    if (revoked === undefined) {
      const again = await tx
        .selectFrom('latchkey_session')
        .selectAll()
        .where('id', '=', sessionId)
        .executeTakeFirst()
      return again === undefined ? { kind: 'missing' } : { kind: 'revoked', session: toSession(again) }
    }
    return { kind: 'reuse', session: revoked }
  }

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
    async get(sessionId) {
      const row = await db
        .selectFrom('latchkey_session')
        .selectAll()
        .where('id', '=', sessionId)
        .executeTakeFirst()
      return row === undefined ? undefined : toSession(row)
    },
    rotate(input) {
      // On PostgreSQL each statement is atomic and the UPDATE's row lock orders racers; SQLite gets one write
      // transaction so the follow-up read and revoke see the same snapshot.
      return dialect === 'sqlite'
        ? db.transaction().execute((tx) => rotateIn(tx, input))
        : rotateIn(db, input)
    },
    async use(sessionId, presentedJti, now): Promise<UseOutcome> {
      const row = await db
        .selectFrom('latchkey_session')
        .selectAll()
        .where('id', '=', sessionId)
        .executeTakeFirst()
      if (row === undefined || Number(row.expires_at) <= now) return { kind: 'missing' }
      const session = toSession(row)
      if (session.revokedAt !== null) return { kind: 'revoked', session }
      if (session.currentJti !== presentedJti) return { kind: 'unknown_token', session }
      await db
        .updateTable('latchkey_session')
        .set({ last_used_at: now })
        .where('id', '=', sessionId)
        .execute()
      return { kind: 'valid', session: { ...session, lastUsedAt: now } }
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
        .execute()
      return rows.map(toSession)
    },
    async flush(now, revokedBefore) {
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
