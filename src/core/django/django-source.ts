import type { User } from '../users/user.ts'

/** One `auth_user` row as Django stores it, times as epoch milliseconds: Latchkey's user, with Django's hash field. */
export interface DjangoUser extends Omit<User, 'passwordHash'> {
  /** Verbatim: `pbkdf2_sha256$…`, `argon2$…`, or the unusable `!…`. */
  readonly password: string
}

/** One row of SimpleJWT's `token_blacklist_outstandingtoken`, with whether it is blacklisted. */
export interface DjangoOutstandingToken {
  readonly jti: string
  /** Null when the user was deleted (SimpleJWT sets the foreign key to NULL). */
  readonly userId: number | null
  readonly createdAt: number
  readonly expiresAt: number
  readonly blacklisted: boolean
}

/**
 * A Django database to import from, read-only. Implementations read SQLite (node:sqlite) and PostgreSQL (pg) in
 * `src/stores/django/`.
 */
export interface DjangoSource {
  /** Every `auth_user` row, by id. */
  users(): Promise<readonly DjangoUser[]>
  /**
   * Refresh tokens that are still unexpired at `now`, blacklisted or not; null when the database has no
   * `token_blacklist` tables (SimpleJWT's blacklist app was not installed, so no token can be carried over).
   */
  outstandingTokens(now: number): Promise<readonly DjangoOutstandingToken[] | null>
  close(): Promise<void>
}
