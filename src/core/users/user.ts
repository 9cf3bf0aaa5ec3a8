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
  setActive(id: number, isActive: boolean): Promise<void>
  recordLogin(id: number, at: number): Promise<void>
  delete(id: number): Promise<void>
}
