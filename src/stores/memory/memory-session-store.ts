import {
  isWithinGrace,
  type RevokeReason,
  type Session,
  type SessionStore,
} from '../../core/sessions/session.ts'

/**
 * Sessions in a Map. Each method runs from its first read to its last write without an `await`, so no other call
 * can interleave: that is what makes rotate() the atomic compare-and-swap the contract asks for.
 */
export function createMemorySessionStore(userExists: (userId: number) => boolean): {
  readonly store: SessionStore
  deleteForUser(userId: number): void
} {
  const sessions = new Map<string, Session>()

  const revokeNow = (session: Session, now: number, reason: RevokeReason): Session => {
    const revoked = { ...session, revokedAt: now, revokeReason: reason }
    sessions.set(session.id, revoked)
    return revoked
  }
  /** The session if it is still there and unexpired — expiry is `expiresAt <= now`, as in the SQL stores. */
  const unexpired = (sessionId: string, now: number) => {
    const session = sessions.get(sessionId)
    return session === undefined || session.expiresAt <= now ? undefined : session
  }

  const store: SessionStore = {
    async create(input) {
      // What the SQL stores' foreign key does.
      if (!userExists(input.userId)) throw new Error('session for an unknown user')
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
    },
    async get(sessionId) {
      return sessions.get(sessionId)
    },
    async rotate({ sessionId, presentedJti, newJti, now, graceMs, serviceNow = now }) {
      const session = unexpired(sessionId, now)
      if (session === undefined) return { kind: 'missing' }
      if (session.revokedAt !== null) return { kind: 'revoked', session }
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
    async use(sessionId, presentedJti, now) {
      const session = unexpired(sessionId, now)
      if (session === undefined) return { kind: 'missing' }
      if (session.revokedAt !== null) return { kind: 'revoked', session }
      if (session.currentJti !== presentedJti) return { kind: 'unknown_token', session }
      const used = { ...session, lastUsedAt: now }
      sessions.set(sessionId, used)
      return { kind: 'valid', session: used }
    },
    async revoke(sessionId, now, reason) {
      const session = sessions.get(sessionId)
      if (session === undefined || session.revokedAt !== null) return undefined
      return revokeNow(session, now, reason)
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
    async listLive(userId, now) {
      return [...sessions.values()]
        .filter((s) => s.userId === userId && s.revokedAt === null && s.expiresAt > now)
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
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
    deleteForUser(userId) {
      for (const [id, session] of sessions) if (session.userId === userId) sessions.delete(id)
    },
  }
}
