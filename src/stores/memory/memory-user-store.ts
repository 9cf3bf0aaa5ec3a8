import type { UserImportRecord } from '../../core/django/import-store.ts'
import { isSupportedDjangoHash } from '../../core/passwords/django-hashes.ts'
import type { GuardedOutcome, User, UserChange, UserStore } from '../../core/users/user.ts'

const isActiveSuperuser = (user: User) => user.isActive && user.isSuperuser

/** Direct access to the user Maps for the memory import store, whose writes must not interleave either. */
export interface MemoryUserImports {
  record(id: number): UserImportRecord | undefined
  idOf(username: string): number | undefined
  reserve(maxId: number): void
  /** Writes an imported user unless its id belongs to a user created in Latchkey; false when refused. */
  put(record: UserImportRecord): boolean
}

/**
 * Users in Maps: by id, and by exact username (the unique index). `onDelete` lets the session store cascade, as the
 * foreign key does in SQL. Every operation runs without awaiting in between, so each is atomic as a statement is.
 */
export function createMemoryUserStore(onDelete: (userId: number) => void): {
  readonly store: UserStore
  /** The user as stored now, read synchronously (the session store's condition on its user). */
  get(userId: number): User | undefined
  /** The raw rows `latchkey import-django` reads and writes (see memory-django-import-store.ts). */
  readonly imports: MemoryUserImports
} {
  const byId = new Map<number, User>()
  const idByUsername = new Map<string, number>()
  /** The `django_row` column: present only for imported users. */
  const djangoRows = new Map<number, string>()
  let nextId = 1

  const update = (id: number, change: Partial<User>) => {
    const user = byId.get(id)
    if (user !== undefined) byId.set(id, { ...user, ...change })
  }
  /** Whether `user` may stop being an active superuser: it is not one, or another one exists. */
  const mayDemote = (user: User) =>
    !isActiveSuperuser(user) || [...byId.values()].some((u) => u.id !== user.id && isActiveSuperuser(u))

  const store: UserStore = {
    async findById(id) {
      return byId.get(id)
    },
    async findByUsername(username) {
      const id = idByUsername.get(username)
      return id === undefined ? undefined : byId.get(id)
    },
    async create(input, now) {
      if (idByUsername.has(input.username)) return undefined
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
      byId.set(user.id, user)
      idByUsername.set(user.username, user.id)
      return user
    },
    async createIfNameFree(input, now) {
      const folded = input.username.toLowerCase()
      for (const name of idByUsername.keys()) if (name.toLowerCase() === folded) return undefined
      return store.create(input, now)
    },
    async list(query) {
      const needle = (query.search ?? '').toLowerCase()
      const matches = [...byId.values()]
        .filter(
          (u) =>
            (needle === '' ||
              [u.username, u.email, u.firstName, u.lastName].some((v) => v.toLowerCase().includes(needle))) &&
            (query.isActive === undefined || u.isActive === query.isActive) &&
            (query.isStaff === undefined || u.isStaff === query.isStaff),
        )
        .sort((a, b) => a.id - b.id)
      return { count: matches.length, users: matches.slice(query.offset, query.offset + query.limit) }
    },
    async update(id, change: UserChange): Promise<GuardedOutcome> {
      const user = byId.get(id)
      if (user === undefined) return { kind: 'missing' }
      const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined))
      const next: User = { ...user, ...defined }
      if (isActiveSuperuser(user) && !isActiveSuperuser(next) && !mayDemote(user))
        return { kind: 'last_superuser' }
      byId.set(id, next)
      return { kind: 'done', user: next }
    },
    async setPasswordHash(id, passwordHash) {
      update(id, { passwordHash })
    },
    async replacePasswordHash(id, expected, passwordHash) {
      if (byId.get(id)?.passwordHash !== expected) return false
      update(id, { passwordHash })
      return true
    },
    async findLegacyPasswordHash() {
      let newest: User | undefined
      for (const user of byId.values())
        if (isSupportedDjangoHash(user.passwordHash) && user.id > (newest?.id ?? 0)) newest = user
      return newest?.passwordHash
    },
    async setActive(id, isActive) {
      update(id, { isActive })
    },
    async recordLogin(id, at) {
      update(id, { lastLogin: at })
    },
    async delete(id): Promise<GuardedOutcome> {
      const user = byId.get(id)
      if (user === undefined) return { kind: 'missing' }
      if (!mayDemote(user)) return { kind: 'last_superuser' }
      byId.delete(id)
      idByUsername.delete(user.username)
      djangoRows.delete(id)
      onDelete(id)
      return { kind: 'done', user }
    },
  }
  const imports: MemoryUserImports = {
    record(id) {
      const user = byId.get(id)
      return user === undefined ? undefined : { user, djangoRow: djangoRows.get(id) ?? null }
    },
    idOf: (username) => idByUsername.get(username),
    reserve(maxId) {
      nextId = Math.max(nextId, maxId + 1)
    },
    put({ user, djangoRow }) {
      const existing = byId.get(user.id)
      if (existing !== undefined && !djangoRows.has(user.id)) return false
      const holder = idByUsername.get(user.username)
      if (holder !== undefined && holder !== user.id) throw new Error(`username '${user.username}' is taken`)
      if (existing !== undefined) idByUsername.delete(existing.username)
      byId.set(user.id, user)
      idByUsername.set(user.username, user.id)
      if (djangoRow !== null) djangoRows.set(user.id, djangoRow)
      nextId = Math.max(nextId, user.id + 1)
      return true
    },
  }
  return { store, get: (userId) => byId.get(userId), imports }
}
