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
  readonly rotatedAt: number | null
  readonly revokedAt: number | null
  readonly revokeReason: RevokeReason | null
  readonly userAgent: string
  readonly ip: string
}

export type RevokeReason =
  | 'logout'
  | 'logout_all'
  | 'revoked_by_user'
  | 'password_changed'
  | 'user_deactivated'
  | 'refresh_token_reuse'
  | 'revoked_by_admin'
  | 'user_deleted'

export interface NewSession {
  readonly id: string
  readonly userId: number
  readonly createdAt: number
  readonly expiresAt: number
  readonly currentJti: string
  readonly userAgent: string
  readonly ip: string
}

/** What an atomic rotation attempt found and did. */
export type RotateOutcome =
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

export interface RotateInput {
  readonly sessionId: string
  readonly presentedJti: string
  readonly newJti: string
  readonly now: number
  /** How long a just-retired token still answers with its successor; 0 turns the grace off. */
  readonly graceMs: number
}

/** What a non-rotating use of a refresh token found (the reference's `rotateRefreshTokens: false` behaviour). */
export type UseOutcome =
  | { readonly kind: 'valid'; readonly session: Session }
  | { readonly kind: 'revoked'; readonly session: Session }
  /** The session exists but the token is not its current one. */
  | { readonly kind: 'unknown_token'; readonly session: Session }
  | { readonly kind: 'missing' }

/**
 * Storage of session families. The atomic operations have these written semantics, and every implementation passes
 * the same conformance suite (`test/store-conformance.ts`).
 */
export interface SessionStore {
  create(session: NewSession): Promise<Session>
  get(sessionId: string): Promise<Session | undefined>
  /**
   * One atomic compare-and-swap: if `presentedJti` is the current token of a live, unexpired session, the current
   * becomes previous, `newJti` becomes current, `rotatedAt = currentIssuedAt = lastUsedAt = now`. Otherwise, without
   * writing: `grace` when it is the previous token and `now - rotatedAt <= graceMs`; otherwise, if the session is
   * live, it is revoked with reason `refresh_token_reuse` and the answer is `reuse`. Concurrent calls with the same
   * presented token: exactly one `rotated`, the others `grace` (inside the window).
   */
  rotate(input: RotateInput): Promise<RotateOutcome>
  /** Checks a refresh token without rotating; bumps `lastUsedAt` when valid. */
  use(sessionId: string, presentedJti: string, now: number): Promise<UseOutcome>
  /** Revokes one live session; returns it as revoked, or undefined if it was missing or already revoked. */
  revoke(sessionId: string, now: number, reason: RevokeReason): Promise<Session | undefined>
  /** Revokes every live session of a user except `exceptSessionId`; returns those it revoked. */
  revokeAllForUser(
    userId: number,
    now: number,
    reason: RevokeReason,
    exceptSessionId?: string,
  ): Promise<readonly Session[]>
  /** Live (unrevoked, unexpired) sessions of a user, newest first. */
  listLive(userId: number, now: number): Promise<readonly Session[]>
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
 * retired, and it was retired at most `graceMs` ago. `graceMs` 0 turns the grace off, even for a retry within the
 * same millisecond.
 */
export function isWithinGrace(session: Session, presentedJti: string, now: number, graceMs: number): boolean {
  return (
    graceMs > 0 &&
    session.previousJti === presentedJti &&
    session.rotatedAt !== null &&
    now - session.rotatedAt <= graceMs
  )
}
