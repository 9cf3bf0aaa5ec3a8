import type { SessionStore } from '../core/sessions/session.ts'
import type { UserStore } from '../core/users/user.ts'
import { createPostgresStores } from '../stores/postgres/index.ts'
import { createSqliteStores } from '../stores/sqlite/index.ts'

export interface Stores {
  readonly users: UserStore
  readonly sessions: SessionStore
  migrate(): Promise<void>
  /** One round trip to the database (readiness). */
  ping(): Promise<void>
  close(): Promise<void>
}

/** Opens the stores a `LATCHKEY_DATABASE_URL` names: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`. */
export function openStores(databaseUrl: string): Stores {
  if (databaseUrl.startsWith('sqlite:')) return createSqliteStores(databaseUrl.slice('sqlite:'.length))
  return createPostgresStores(databaseUrl)
}
