import type { AuditEvent } from '../audit/audit-store.ts'
import type { Session } from '../sessions/session.ts'
import type { StoredKey } from '../tokens/key-store.ts'
import { SECRET_KEY_KID } from '../tokens/key-store.ts'
import type { User } from '../users/user.ts'

const iso = (ms: number) => new Date(ms).toISOString()

/** A user as the admin API shows it: Django's `auth_user` fields, never the password hash. */
export function adminUserBody(user: User) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    is_active: user.isActive,
    is_staff: user.isStaff,
    is_superuser: user.isSuperuser,
    date_joined: iso(user.dateJoined),
    last_login: user.lastLogin === null ? null : iso(user.lastLogin),
  }
}

/** A session as an administrator sees it: when, from where; never a token or jti. */
export function adminSessionBody(session: Session) {
  return {
    id: session.id,
    created: iso(session.createdAt),
    last_used: iso(session.lastUsedAt),
    expires: iso(session.expiresAt),
    user_agent: session.userAgent,
    ip: session.ip,
  }
}

export function auditEventBody(event: AuditEvent) {
  return {
    id: event.id,
    type: event.type,
    at: iso(event.at),
    user: event.userId,
    actor: event.actorId,
    session: event.sessionId,
    ip: event.ip,
    user_agent: event.userAgent,
    detail: event.detail,
  }
}

/** A signing key's public facts: never its material. */
export function keyBody(key: StoredKey, now: number) {
  const state =
    key.retiresAt !== null && key.retiresAt <= now
      ? 'retired'
      : key.activatesAt > now
        ? 'verify-only'
        : 'in service'
  return {
    kid: key.kid === SECRET_KEY_KID ? null : key.kid,
    secret_key: key.kid === SECRET_KEY_KID,
    algorithm: key.algorithm,
    created: iso(key.createdAt),
    activates: iso(key.activatesAt),
    retires: key.retiresAt === null ? null : iso(key.retiresAt),
    state,
  }
}
