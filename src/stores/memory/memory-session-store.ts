import {
  isLive,
  isWithinGrace,
  type Liveness,
  type NewSession,
  type RevokeReason,
  type Session,
  type SessionStore,
  type UserRefused,
} from '../../core/sessions/session.ts'

/** What the session store sees of a user: whether it may refresh. */
export interface MemorySessionOwner {
  readonly isActive: boolean
}

/**
 * Sessions in a Map. Each method runs from its first read to its last write without an `await`, so no other call
 * can interleave: that is what makes rotate() the atomic compare-and-swap the contract asks for. `userOf` reads the
 * user store's Map synchronously, so the user's state is part of that same step, as it is of the SQL statement.
 */
export function createMemorySessionStore(userOf: (userId: number) => MemorySessionOwner | undefined): {
  readonly store: SessionStore
  deleteForUser(userId: number): void
  /** Inserts a session unless its id is taken; false when it was. */
  insertIfAbsent(session: NewSession, now: number): boolean
  /** Revokes a live, never-rotated session; false when there is none such. */
  revokeUnused(sessionId: string, now: number): boolean
} {
  const sessions = new Map<string, Session>()
  const userExists = (userId: number) => userOf(userId) !== undefined
  /** Why rotate and use refuse this user before looking at the session; undefined for an active user. */
  const refusal = (userId: number): UserRefused | undefined => {
    const user = userOf(userId)
    if (user === undefined) return { kind: 'user_missing' }
    return user.isActive ? undefined : { kind: 'user_inactive' }
  }

  const revokeNow = (session: Session, now: number, reason: RevokeReason): Session => {
    const revoked = { ...session, revokedAt: now, revokeReason: reason }
    sessions.set(session.id, revoked)
    return revoked
  }
  /** The user's session, if there is one; another user's is as good as missing. */
  const owned = (sessionId: string, userId: number) => {
    const session = sessions.get(sessionId)
    return session === undefined || session.userId !== userId ? undefined : session
  }
  /** Live sessions of a user, newest first, then by id, as the SQL stores order them. */
  const live = (userId: number, liveness: Liveness) =>
    [...sessions.values()]
      .filter((s) => s.userId === userId && isLive(s, liveness))
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))

  const insert = (input: Parameters<SessionStore['create']>[0]): Session => {
    // What the SQL stores' foreign key and primary key do.
    if (!userExists(input.userId)) throw new Error('session for an unknown user')
    if (sessions.has(input.id)) throw new Error('duplicate session id')
    const session: Session = {
      ...input,
      lastUsedAt: input.createdAt,
      currentIssuedAt: input.createdAt,
      previousJti: null,
      rotatedAt: null,
      revokedAt: null,
      revokeReason: null,
    }
    sessions.set(session.id, session)
    return session
  }

  const store: SessionStore = {
    async create(input) {
      return insert(input)
    },
    async createCapped(input, maxLive, idleTimeoutMs) {
      const session = insert(input)
      const now = input.createdAt
      // The new session is never the one that gives way, even when an older one shares its creation second.
      const evicted = live(input.userId, { now, idleTimeoutMs })
        .filter((s) => s.id !== session.id)
        .slice(Math.max(0, maxLive - 1))
        .reverse()
        .map((s) => revokeNow(s, now, 'session_limit'))
      return { session, evicted }
    },
    async get(sessionId) {
      return sessions.get(sessionId)
    },
    async rotate({ sessionId, userId, presentedJti, newJti, now, idleTimeoutMs, graceMs, serviceNow = now }) {
      const refused = refusal(userId)
      if (refused !== undefined) return refused
      const session = owned(sessionId, userId)
      if (session === undefined) return { kind: 'missing' }
      if (session.revokedAt !== null) return { kind: 'revoked', session }
      if (!isLive(session, { now, idleTimeoutMs })) return { kind: 'missing' }
      if (session.currentJti === presentedJti) {
        const rotated: Session = {
          ...session,
          previousJti: session.currentJti,
          currentJti: newJti,
          currentIssuedAt: now,
          rotatedAt: serviceNow,
          lastUsedAt: now,
        }
        sessions.set(sessionId, rotated)
        return { kind: 'rotated', session: rotated }
      }
      if (isWithinGrace(session, presentedJti, serviceNow, graceMs)) return { kind: 'grace', session }
      return { kind: 'reuse', session: revokeNow(session, now, 'refresh_token_reuse') }
    },
    async use({ sessionId, userId, presentedJti, now, idleTimeoutMs }) {
      const refused = refusal(userId)
      if (refused !== undefined) return refused
      const session = owned(sessionId, userId)
      if (session === undefined) return { kind: 'missing' }
      if (session.revokedAt !== null) return { kind: 'revoked', session }
      if (!isLive(session, { now, idleTimeoutMs })) return { kind: 'missing' }
      if (session.currentJti !== presentedJti) return { kind: 'unknown_token', session }
      const used = { ...session, lastUsedAt: now }
      sessions.set(sessionId, used)
      return { kind: 'valid', session: used }
    },
    async reissue({ sessionId, userId, newJti, now, idleTimeoutMs }) {
      const session = owned(sessionId, userId)
      if (session === undefined || !isLive(session, { now, idleTimeoutMs })) return undefined
      const reissued: Session = {
        ...session,
        previousJti: null,
        currentJti: newJti,
        currentIssuedAt: now,
        rotatedAt: now,
        lastUsedAt: now,
      }
      sessions.set(sessionId, reissued)
      return reissued
    },
    async revokeOwned(sessionId, userId, now, reason) {
      const session = owned(sessionId, userId)
      if (session === undefined) return { kind: 'missing' }
      if (!isLive(session, { now, idleTimeoutMs: 0 })) return { kind: 'not_live' }
      return { kind: 'revoked', session: revokeNow(session, now, reason) }
    },
    async revokeAllForUser(userId, now, reason, exceptSessionId) {
      const revoked: Session[] = []
      for (const session of sessions.values()) {
        if (session.userId !== userId || session.revokedAt !== null || session.expiresAt <= now) continue
        if (session.id === exceptSessionId) continue
        revoked.push(revokeNow(session, now, reason))
      }
      return revoked
    },
    async listLive(userId, now, { idleTimeoutMs = 0, offset = 0, limit } = {}) {
      const all = live(userId, { now, idleTimeoutMs })
      return all.slice(offset, limit === undefined ? undefined : offset + limit)
    },
    async countLive(userId, liveness) {
      return live(userId, liveness).length
    },
    async listRevokedSince(since) {
      return [...sessions.values()]
        .filter((s) => s.revokedAt !== null && s.revokedAt >= since)
        .sort((a, b) => (a.revokedAt ?? 0) - (b.revokedAt ?? 0))
    },
    async flush(now, revokedBefore) {
      let removed = 0
      for (const [id, s] of sessions) {
        if (s.expiresAt <= now || (s.revokedAt !== null && s.revokedAt < revokedBefore)) {
          sessions.delete(id)
          removed++
        }
      }
      return removed
    },
  }

  return {
    store,
    insertIfAbsent(input, now) {
      if (sessions.has(input.id)) return false
      if (!userExists(input.userId)) throw new Error('session for an unknown user')
      sessions.set(input.id, {
        ...input,
        lastUsedAt: now,
        currentIssuedAt: input.createdAt,
        previousJti: null,
        rotatedAt: null,
        revokedAt: null,
        revokeReason: null,
      })
      return true
    },
    revokeUnused(sessionId, now) {
      const session = sessions.get(sessionId)
      if (session === undefined || session.expiresAt <= now) return false
      if (session.revokedAt !== null || session.previousJti !== null) return false
      revokeNow(session, now, 'logout')
      return true
    },
    deleteForUser(userId) {
      for (const [id, session] of sessions) if (session.userId === userId) sessions.delete(id)
    },
  }
}
