import { type Kysely, sql } from 'kysely'
import type { StoreSet } from '../../core/store-set.ts'
import { migrateToLatest } from '../migrations/index.ts'
import type { Database, Dialect } from '../schema.ts'
import { createKyselyAuditStore } from './kysely-audit-store.ts'
import { createKyselyDjangoImportStore } from './kysely-django-import-store.ts'
import { createKyselyKeyStore } from './kysely-key-store.ts'
import { createKyselyServiceClockStore } from './kysely-service-clock-store.ts'
import { createKyselySessionStore } from './kysely-session-store.ts'
import { createKyselyUserStore } from './kysely-user-store.ts'

/** The stores over one Kysely database, whichever the dialect; `db` is exposed for tools and tests. */
export interface KyselyStores extends StoreSet {
  readonly db: Kysely<Database>
}

export function kyselyStores(
  db: Kysely<Database>,
  dialect: Dialect,
  options: { schema?: string; beforeMigrate?: () => Promise<void> } = {},
): KyselyStores {
  return {
    users: createKyselyUserStore(db, dialect),
    sessions: createKyselySessionStore(db, dialect),
    keys: createKyselyKeyStore(db),
    audit: createKyselyAuditStore(db),
    djangoImport: createKyselyDjangoImportStore(db, dialect),
    serviceClock: createKyselyServiceClockStore(db),
    db,
    async migrate() {
      await options.beforeMigrate?.()
      await migrateToLatest(db, dialect, options.schema)
    },
    async ping() {
      await sql`select 1`.execute(db)
    },
    close: () => db.destroy(),
  }
}
