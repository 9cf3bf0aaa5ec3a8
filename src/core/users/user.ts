/** A user as Django's `auth_user` holds it. Usernames are case-sensitive, as in Django. */
export interface User {
  readonly id: number
  readonly username: string
  /** PHC string (`$argon2id$…`) or a Django hash (`pbkdf2_sha256$…`). */
  readonly passwordHash: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly isActive: boolean
  readonly isStaff: boolean
  readonly isSuperuser: boolean
  /** Epoch milliseconds. */
  readonly dateJoined: number
  readonly lastLogin: number | null
}

export interface NewUser {
  readonly username: string
  readonly passwordHash: string
  readonly firstName?: string
  readonly lastName?: string
  readonly email?: string
  readonly isActive?: boolean
  readonly isStaff?: boolean
  readonly isSuperuser?: boolean
}

/**
 * Storage of users. Implementations: memory, SQLite, PostgreSQL (one Kysely code). Every method is a single
 * statement; none of them throws for "not found".
 */
export interface UserStore {
  findById(id: number): Promise<User | undefined>
  /** Exact, case-sensitive match. */
  findByUsername(username: string): Promise<User | undefined>
  /** Creates a user; returns undefined when the username is taken (the unique index decides, not a prior read). */
  create(user: NewUser, now: number): Promise<User | undefined>
  setPasswordHash(id: number, passwordHash: string): Promise<void>
  /**
   * Replaces the password hash only while it is still `expected` (the one just verified): the upgrade of an
   * outdated hash after a login, which must never undo a password change that landed meanwhile. True if written.
   */
  replacePasswordHash(id: number, expected: string, passwordHash: string): Promise<boolean>
  /**
   * The stored password hash, in a Django format Latchkey verifies, of the newest user (highest id) still holding one
   * (imported, not yet upgraded by a login), or undefined when none is left: the hasher spends as long on it for
   * every login, so a login costs the same whoever it names.
   */
  findLegacyPasswordHash(): Promise<string | undefined>
  setActive(id: number, isActive: boolean): Promise<void>
  recordLogin(id: number, at: number): Promise<void>
  delete(id: number): Promise<void>
}
