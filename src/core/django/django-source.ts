/** One `auth_user` row as Django stores it, times as epoch milliseconds. */
export interface DjangoUser {
  readonly id: number
  readonly username: string
  /** Verbatim: `pbkdf2_sha256$…`, `argon2$…`, or the unusable `!…`. */
  readonly password: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly isActive: boolean
  readonly isStaff: boolean
  readonly isSuperuser: boolean
  readonly dateJoined: number
  readonly lastLogin: number | null
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
