/**
 * A session family: one login, and every refresh token rotated from it. One row per session, never per token, so the
 * table is bounded by live sessions.
 */
export interface Session {
  /** 128 random bits, 32 hex characters; carried in every token of the session as `sid`. */
  readonly id: string
  readonly userId: number
  /** Epoch milliseconds, as every time here. */
  readonly createdAt: number
  readonly lastUsedAt: number
  /** Absolute end of the session: no refresh token of it outlives this. */
  readonly expiresAt: number
  /** jti of the one refresh token that may refresh now. */
  readonly currentJti: string
  /** When the current refresh token was issued: its `iat`, so its exact JWT can be re-created inside the grace window. */
  readonly currentIssuedAt: number
  /** jti of the refresh token the current one replaced, or null before the first rotation. */
  readonly previousJti: string | null
  /**
   * When the last rotation happened, in service time (`ServiceClock`: wall time minus outages), so the grace window
   * counts only time during which the service could answer.
   */
  readonly rotatedAt: number | null
  readonly revokedAt: number | null
  readonly revokeReason: RevokeReason | null
  readonly userAgent: string
  readonly ip: string
}

/** Why a session was revoked, as stored with it and reported in events. */
export type RevokeReason =
  | 'logout'
  | 'logout_all'
  | 'revoked_by_user'
  | 'password_changed'
  | 'user_deactivated'
  | 'refresh_token_reuse'
  | 'revoked_by_admin'
  | 'user_deleted'
  /** A login opened one session more than `maxSessionsPerUser` allows: the oldest live one gave way. */
  | 'session_limit'

/** A session to create at login: its id, its user, its lifetime and its first refresh token id (`jti`). */
export interface NewSession {
  readonly id: string
  readonly userId: number
  readonly createdAt: number
  readonly expiresAt: number
  readonly currentJti: string
  readonly userAgent: string
  readonly ip: string
}

/**
 * The session's user may not refresh: it no longer exists (`user_missing`) or is inactive (`user_inactive`). Either
 * answer changed nothing: no rotation, no grace, no reuse detection, no revocation.
 */
export type UserRefused = { readonly kind: 'user_missing' } | { readonly kind: 'user_inactive' }

/** What an atomic rotation attempt found and did. */
export type RotateOutcome =
  | UserRefused
  /** The presented token was current: it is now previous, and `session.currentJti` is the new one. */
  | { readonly kind: 'rotated'; readonly session: Session }
  /** The presented token was retired within the grace window: nothing changed; the current one is its successor. */
  | { readonly kind: 'grace'; readonly session: Session }
  /** The presented token is older, or retired outside the window: the session was revoked by this call. */
  | { readonly kind: 'reuse'; readonly session: Session }
  /** The session was already revoked before this call. */
  | { readonly kind: 'revoked'; readonly session: Session }
  /** No such session, or it has expired. */
  | { readonly kind: 'missing' }

/**
 * What makes a session live at `now`: not revoked, `expiresAt > now` (its absolute end), and, when `idleTimeoutMs`
 * is above 0, used within it (`lastUsedAt > now - idleTimeoutMs`; ASVS 5.0 7.3.1). Every conditional operation
 * below acts only on a live session.
 */
export interface Liveness {
  readonly now: number
  /** 0 turns the idle timeout off. */
  readonly idleTimeoutMs: number
}

/** A refresh: the session and its owner, the presented token's id, the id of its successor, the time and the grace window. */
export interface RotateInput extends Liveness {
  readonly sessionId: string
  /**
   * The user the presented token names. It is part of every condition: a token naming another user than the
   * session's owner (a forgery, or a key leak) finds no session and changes nothing.
   */
  readonly userId: number
  readonly presentedJti: string
  readonly newJti: string
  /** How long a just-retired token still answers with its successor; 0 turns the grace off. */
  readonly graceMs: number
  /**
   * The service time (`ServiceClock`) of this call: recorded as `rotatedAt` on rotation, and what the grace window is
   * measured on. `now` when not given.
   */
  readonly serviceNow?: number
}

/** A use of a refresh token without rotation: the session, its owner and the presented token's id, live at `now`. */
export interface UseInput extends Liveness {
  readonly sessionId: string
  /** As in RotateInput: part of the condition. */
  readonly userId: number
  readonly presentedJti: string
}

/** A new current refresh token for the caller's own session, after a password change. */
export interface ReissueInput extends Liveness {
  readonly sessionId: string
  readonly userId: number
  readonly newJti: string
}

/** What revoking one session by its owner's request found and did. */
export type RevokeOwnedOutcome =
  /** It was live and is now revoked, by this call. */
  | { readonly kind: 'revoked'; readonly session: Session }
  /** It is the user's, but was revoked (by anyone) or had expired before this call: nothing changed. */
  | { readonly kind: 'not_live' }
  /** No such session, or another user's: nothing changed, and the answer does not say which. */
  | { readonly kind: 'missing' }

/** A session opened under the per-user cap, and the oldest live sessions it displaced. */
export interface CappedCreate {
  readonly session: Session
  /** Revoked by this call with reason `session_limit`, oldest first. */
  readonly evicted: readonly Session[]
}

/** Which live sessions to list: the idle timeout that applies (0, the default, for none), and a page of them. */
export interface ListLiveOptions {
  readonly idleTimeoutMs?: number
  /** How many of the newest to skip (default 0). */
  readonly offset?: number
  /** At most this many (default: all). */
  readonly limit?: number
}

/** What a non-rotating use of a refresh token found (the reference's `rotateRefreshTokens: false` behaviour). */
export type UseOutcome =
  | UserRefused
  | { readonly kind: 'valid'; readonly session: Session }
  | { readonly kind: 'revoked'; readonly session: Session }
  /** The session exists but the token is not its current one. */
  | { readonly kind: 'unknown_token'; readonly session: Session }
  | { readonly kind: 'missing' }

/**
 * Storage of session families. The atomic operations have these written semantics, and every implementation passes
 * the same conformance suite (`latchkey/testing`, src/testing).
 */
export interface SessionStore {
  create(session: NewSession): Promise<Session>
  /**
   * One atomic step: creates the session, then revokes (reason `session_limit`) the oldest live sessions of the
   * same user beyond the `maxLive` newest; the new one counts, and is never the one revoked. Concurrent calls for
   * one user are serialised (a lock on the user's row on PostgreSQL, the write transaction on SQLite), so the user
   * never keeps more than `maxLive` live sessions. Liveness as `Liveness` says, at `session.createdAt`.
   */
  createCapped(session: NewSession, maxLive: number, idleTimeoutMs: number): Promise<CappedCreate>
  get(sessionId: string): Promise<Session | undefined>
  /**
   * One atomic compare-and-swap: if `presentedJti` is the current token of a live session owned by `userId`, and
   * that user exists and is active, the current becomes previous, `newJti` becomes current, `currentIssuedAt =
   * lastUsedAt = now`, `rotatedAt = serviceNow`. The user's state is part of the same condition (one statement on
   * SQL stores), so a deactivation ends refreshing at once. Otherwise, without writing: `user_missing` when there is
   * no user `userId`, `user_inactive` when it is inactive — decided before anything about the session, so neither
   * a grace answer nor reuse detection (nor its revocation) happens for such a user; then `missing` when there is
   * no such live session of that user (another user's session is never touched nor described); `revoked` when it
   * was revoked before; `grace` when it is the previous token and `serviceNow - rotatedAt <= graceMs` (service time:
   * an outage does not use up the window); otherwise it is revoked with reason `refresh_token_reuse` and the answer
   * is `reuse`. Concurrent calls with the same presented token: exactly one `rotated`, the others `grace` (inside
   * the window).
   */
  rotate(input: RotateInput): Promise<RotateOutcome>
  /**
   * Checks a refresh token without rotating, under the same conditions as rotate (the user's state included, in the
   * same statement); bumps `lastUsedAt` when valid. Otherwise, writing nothing: `user_missing` or `user_inactive`
   * first, as rotate decides them; then `missing`, `revoked`, or `unknown_token` for a live session of the user
   * whose current token is another.
   */
  use(input: UseInput): Promise<UseOutcome>
  /**
   * One conditional write, for a password change: if the session is live and owned by `userId`, `newJti` becomes
   * current, `currentIssuedAt = rotatedAt = lastUsedAt = now`, and `previousJti` becomes null, so no retired token
   * has a grace window: every token issued before the change is a replay from now on. Returns the session after,
   * or undefined (writing nothing) when it is not a live session of that user.
   */
  reissue(input: ReissueInput): Promise<Session | undefined>
  /**
   * One conditional write: revokes the session if it is owned by `userId`, unrevoked and `expiresAt > now`. Only
   * the call that revoked it hears `revoked`.
   */
  revokeOwned(
    sessionId: string,
    userId: number,
    now: number,
    reason: RevokeReason,
  ): Promise<RevokeOwnedOutcome>
  /** Revokes every live session of a user except `exceptSessionId`; returns those it revoked. */
  revokeAllForUser(
    userId: number,
    now: number,
    reason: RevokeReason,
    exceptSessionId?: string,
  ): Promise<readonly Session[]>
  /** Live sessions of a user (as `Liveness` says), newest first, then by id; the page `options` asks for. */
  listLive(userId: number, now: number, options?: ListLiveOptions): Promise<readonly Session[]>
  /** How many live sessions the user has (the total behind a paged list). */
  countLive(userId: number, liveness: Liveness): Promise<number>
  /** Sessions revoked at or after `since`: loaded at start-up into the in-memory revocation set. */
  listRevokedSince(since: number): Promise<readonly Session[]>
  /**
   * Deletes sessions that expired before `now`, and revoked ones whose `revokedAt` is before `revokedBefore`.
   * Returns how many rows it removed.
   */
  flush(now: number, revokedBefore: number): Promise<number>
}

/**
 * The grace rule every store applies after a failed compare-and-swap: the presented token is the one just
 * retired, and it was retired at most `graceMs` of service time ago (`serviceNow`, see `ServiceClock`). `graceMs` 0
 * turns the grace off, even for a retry within the same millisecond.
 */
export function isWithinGrace(
  session: Session,
  presentedJti: string,
  serviceNow: number,
  graceMs: number,
): boolean {
  return (
    graceMs > 0 &&
    session.previousJti === presentedJti &&
    session.rotatedAt !== null &&
    serviceNow - session.rotatedAt <= graceMs
  )
}

/** Whether a session is live at `now` (see `Liveness`): the memory store's condition, spelt in SQL by the others. */
export function isLive(session: Session, { now, idleTimeoutMs }: Liveness): boolean {
  return (
    session.revokedAt === null &&
    session.expiresAt > now &&
    (idleTimeoutMs <= 0 || session.lastUsedAt > now - idleTimeoutMs)
  )
}
