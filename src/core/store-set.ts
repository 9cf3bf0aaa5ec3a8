import type { AuditStore } from './audit/audit-store.ts'
import type { DjangoImportStore } from './django/import-store.ts'
import type { ServiceClockStore } from './sessions/service-clock.ts'
import type { SessionStore } from './sessions/session.ts'
import type { KeyStore } from './tokens/key-store.ts'
import type { UserStore } from './users/user.ts'

/** What every storage backend (memory, SQLite, PostgreSQL) provides to the core and to the server. */
export interface StoreSet {
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly keys: KeyStore
  /** The audit log's table. */
  readonly audit: AuditStore
  /** The writes of `latchkey import-django`. */
  readonly djangoImport: DjangoImportStore
  /** The persisted service clock the refresh grace window is measured on; wall time where absent. */
  readonly serviceClock?: ServiceClockStore
  /** Creates or upgrades the schema; a no-op where there is none. */
  migrate(): Promise<void>
  /** One round trip to the database (readiness checks). */
  ping(): Promise<void>
  close(): Promise<void>
}
