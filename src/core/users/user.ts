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

/** A user to create (`UserStore.create`): a username and a password hash (`core.hasher.hash(password)`); flags default to Django's. */
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

/** What `UserStore.list` filters on; `search` matches username, email and names, case-insensitively. */
export interface UserQuery {
  readonly search?: string
  readonly isActive?: boolean
  readonly isStaff?: boolean
  readonly offset: number
  readonly limit: number
}

export interface UserPage {
  /** How many users match, all pages together. */
  readonly count: number
  /** The page, by id ascending. */
  readonly users: readonly User[]
}

/** The fields an administrator may change; absent ones stay as they are. */
export interface UserChange {
  readonly firstName?: string
  readonly lastName?: string
  readonly email?: string
  readonly isActive?: boolean
  readonly isStaff?: boolean
  readonly isSuperuser?: boolean
}

/** What a guarded change did: done, no such user, or refused because it would leave no active superuser. */
export type GuardedOutcome =
  | { readonly kind: 'done'; readonly user: User }
  | { readonly kind: 'missing' }
  | { readonly kind: 'last_superuser' }

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
  /**
   * Creates a user unless one exists whose username equals this one up to case (Django's `UserCreationForm` checks
   * `username__iexact`); returns undefined when refused. One `INSERT … SELECT … WHERE NOT EXISTS`, backed by a unique
   * index on the folded names of users created this way, so concurrent creates of `Alice` and `alice` cannot both
   * win; case folds as the database's `lower()` does (ASCII only on SQLite). Imported users keep whatever names
   * Django allowed.
   */
  createIfNameFree(user: NewUser, now: number): Promise<User | undefined>
  /** One page of users matching the query, and the total count. */
  list(query: UserQuery): Promise<UserPage>
  /**
   * Applies `change` in one conditional UPDATE, refused (`last_superuser`) when the user is an active superuser, the
   * change would make them not one, and no other active superuser exists.
   */
  update(id: number, change: UserChange): Promise<GuardedOutcome>
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
  /** Deletes the user and (cascading) its sessions, with the same last-active-superuser guard as `update`. */
  delete(id: number): Promise<GuardedOutcome>
}
