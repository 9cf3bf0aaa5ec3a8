import type { RevokeReason } from './sessions/session.ts'

/** Who did it, from where: carried by every event. */
export interface EventOrigin {
  readonly ip: string
  readonly userAgent: string
}

/** A successful login: the session it opened. */
export interface LoginEvent extends EventOrigin {
  readonly userId: number
  readonly sessionId: string
}
/** A refused login: wrong credentials, or refused by the brute-force limits. */
export interface LoginFailedEvent extends EventOrigin {
  /** The username as submitted; it may not exist. */
  readonly username: string
  readonly reason: 'bad_credentials' | 'throttled'
}
/** A refresh that issued new tokens. */
export interface RefreshEvent extends EventOrigin {
  readonly userId: number
  readonly sessionId: string
  /** True when a just-retired token received its existing successor (grace window). */
  readonly grace: boolean
}
/** A retired refresh token presented after its grace window: likely stolen; the whole session was revoked. */
export interface RefreshReuseEvent extends EventOrigin {
  readonly userId: number
  readonly sessionId: string
}
/** A logout of one session. */
export interface LogoutEvent extends EventOrigin {
  readonly userId: number
  readonly sessionId: string
}
/** A session revoked for another reason than its own logout (log out everywhere, revoked from the list, …). */
export interface SessionRevokedEvent extends EventOrigin {
  readonly userId: number
  readonly sessionId: string
  readonly reason: RevokeReason
}
/** A password change, with how many of the user's other sessions it revoked. */
export interface PasswordChangedEvent extends EventOrigin {
  readonly userId: number
  readonly sessionId: string | undefined
  readonly revokedSessions: number
}

/**
 * Hooks called after the fact; a hook that throws or rejects is logged and never changes the response.
 *
 * @example
 * createLatchkey({ ...options, events: { onRefreshReuseDetected: (e) => alertSecurityTeam(e.userId, e.ip) } }, stores)
 */
export interface AuthEvents {
  onLogin?: (event: LoginEvent) => void | Promise<void>
  onLoginFailed?: (event: LoginFailedEvent) => void | Promise<void>
  onRefresh?: (event: RefreshEvent) => void | Promise<void>
  onRefreshReuseDetected?: (event: RefreshReuseEvent) => void | Promise<void>
  onLogout?: (event: LogoutEvent) => void | Promise<void>
  onSessionRevoked?: (event: SessionRevokedEvent) => void | Promise<void>
  onPasswordChanged?: (event: PasswordChangedEvent) => void | Promise<void>
}
