import type { User, UserStore } from '../../core/users/user.ts'

/**
 * Users in Maps: by id, and by exact username (the unique index). `onDelete` lets the session store cascade, as the
 * foreign key does in SQL.
 */
export function createMemoryUserStore(onDelete: (userId: number) => void): {
  readonly store: UserStore
  has(userId: number): boolean
} {
  const byId = new Map<number, User>()
  const idByUsername = new Map<string, number>()
  let nextId = 1

  const update = (id: number, change: Partial<User>) => {
    const user = byId.get(id)
    if (user !== undefined) byId.set(id, { ...user, ...change })
  }

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
    async setPasswordHash(id, passwordHash) {
      update(id, { passwordHash })
    },
    async setActive(id, isActive) {
      update(id, { isActive })
    },
    async recordLogin(id, at) {
      update(id, { lastLogin: at })
    },
    async delete(id) {
      const user = byId.get(id)
      if (user === undefined) return
      byId.delete(id)
      idByUsername.delete(user.username)
      onDelete(id)
    },
  }
  return { store, has: (userId) => byId.has(userId) }
}
