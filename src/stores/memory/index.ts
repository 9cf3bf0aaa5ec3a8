import type { RevokeReason, Session, SessionStore } from '../../core/sessions/session.ts'
import type { StoreSet } from '../../core/store-set.ts'
import type { KeyStore, StoredKey } from '../../core/tokens/key-store.ts'
import type { User, UserStore } from '../../core/users/user.ts'

/**
 * Users and sessions in Maps, for tests and single-process experiments. Every operation runs to completion without
 * awaiting in between, so each is atomic with respect to the others, as the store contract requires.
 */
export function createMemoryStores(): StoreSet {
  const users = new Map<number, User>()
  const sessions = new Map<string, Session>()
  let nextId = 1

  const userStore: UserStore = {
    async findById(id) {
      return users.get(id)
    },
    async findByUsername(username) {
      for (const user of users.values()) if (user.username === username) return user
      return undefined
    },
    async create(input, now) {
      for (const user of users.values()) if (user.username === input.username) return undefined
      const user: User = {
        id: nextId++,
        username: input.username,
        passwordHash: input.passwordHash,
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        email: input.email ?? '',
        isActive: input.isActive ?? true,
        isStaff: input.isStaff ?? false,
        isSuperuser: input.isSuperuser ?? false,
        dateJoined: now,
        lastLogin: null,
      }
      users.set(user.id, user)
      return user
    },
    async setPasswordHash(id, passwordHash) {
      const user = users.get(id)
      if (user) users.set(id, { ...user, passwordHash })
    },
    async setActive(id, isActive) {
      const user = users.get(id)
      if (user) users.set(id, { ...user, isActive })
    },
    async recordLogin(id, at) {
      const user = users.get(id)
      if (user) users.set(id, { ...user, lastLogin: at })
    },
    async delete(id) {
      users.delete(id)
      for (const [sid, session] of sessions) if (session.userId === id) sessions.delete(sid)
    },
  }

  const revokeNow = (session: Session, now: number, reason: RevokeReason): Session => {
    const revoked = { ...session, revokedAt: now, revokeReason: reason }
    sessions.set(session.id, revoked)
    return revoked
  }

  const sessionStore: SessionStore = {
    async create(input) {
      if (!users.has(input.userId)) throw new Error('session for an unknown user')
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
    async rotate({ sessionId, presentedJti, newJti, now, graceMs }) {
      const session = sessions.get(sessionId)
      if (session === undefined || session.expiresAt <= now) return { kind: 'missing' }
      if (session.revokedAt !== null) return { kind: 'revoked', session }
      if (session.currentJti === presentedJti) {
        const rotated: Session = {
          ...session,
          previousJti: session.currentJti,
          currentJti: newJti,
          currentIssuedAt: now,
          rotatedAt: now,
          lastUsedAt: now,
        }
        sessions.set(sessionId, rotated)
        return { kind: 'rotated', session: rotated }
      }
      if (
        session.previousJti === presentedJti &&
        session.rotatedAt !== null &&
        now - session.rotatedAt <= graceMs
      )
        return { kind: 'grace', session }
      return { kind: 'reuse', session: revokeNow(session, now, 'refresh_token_reuse') }
    },
    async use(sessionId, presentedJti, now) {
      const session = sessions.get(sessionId)
      if (session === undefined || session.expiresAt <= now) return { kind: 'missing' }
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
      return [...sessions.values()].filter((s) => s.revokedAt !== null && s.revokedAt >= since)
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

  let signingKeys: StoredKey[] = []
  const keyStore: KeyStore = {
    async list() {
      return [...signingKeys].sort((a, b) => a.activatesAt - b.activatesAt)
    },
    async insert(key) {
      signingKeys.push(key)
    },
    async scheduleRetirement(activatedBefore, retiresAt) {
      signingKeys = signingKeys.map((k) =>
        k.activatesAt < activatedBefore && k.retiresAt === null ? { ...k, retiresAt } : k,
      )
    },
  }

  return {
    users: userStore,
    sessions: sessionStore,
    keys: keyStore,
    migrate: async () => {},
    ping: async () => {},
    close: async () => {},
  }
}
