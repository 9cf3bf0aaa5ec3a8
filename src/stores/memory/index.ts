import type { StoreSet } from '../../core/store-set.ts'
import { createMemoryAuditStore } from './memory-audit-store.ts'
import { createMemoryDjangoImportStore } from './memory-django-import-store.ts'
import { createMemoryKeyStore } from './memory-key-store.ts'
import { createMemoryServiceClockStore } from './memory-service-clock-store.ts'
import { createMemorySessionStore } from './memory-session-store.ts'
import { createMemoryUserStore } from './memory-user-store.ts'

/**
 * Users, sessions and signing keys in Maps, for tests and single-process experiments; nothing survives the process.
 * It passes the same conformance suite as the SQL stores.
 *
 * @example
 * const stores = createMemoryStores()
 * await stores.users.create({ username: 'alice', passwordHash }, Date.now())
 */
export function createMemoryStores(): StoreSet {
  // A session needs its user and deleting a user cascades to its sessions, as the SQL foreign key does; rotate and
  // use also require the user to be active, as the SQL statement's condition does. The first callback runs only
  // after both exist.
  const sessions = createMemorySessionStore((userId) => users.get(userId))
  const users = createMemoryUserStore(sessions.deleteForUser)
  return {
    users: users.store,
    sessions: sessions.store,
    keys: createMemoryKeyStore(),
    audit: createMemoryAuditStore(),
    djangoImport: createMemoryDjangoImportStore(users.imports, sessions),
    serviceClock: createMemoryServiceClockStore(),
    migrate: async () => {},
    ping: async () => {},
    close: async () => {},
  }
}
