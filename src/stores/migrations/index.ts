import type { Kysely } from 'kysely'
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration'
import type { Database, Dialect } from '../schema.ts'
import { usersAndSessions } from './0001-users-and-sessions.ts'
import { signingKeys } from './0002-signing-keys.ts'
import { unboundedText } from './0003-unbounded-text.ts'
import { serviceClock } from './0005-service-clock.ts'
import { auditEvents } from './0006-audit-events.ts'
import { djangoImport } from './0007-django-import.ts'

/**
 * The schema's history, listed here rather than found by scanning a folder, so it works the same from a source
 * checkout, a bundle or an npm install. The names are recorded in applied databases: never rename one.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_users_and_sessions': usersAndSessions(dialect),
    '0002_signing_keys': signingKeys,
    '0003_unbounded_text': unboundedText(dialect),
    '0005_service_clock': serviceClock,
    '0006_audit_events': auditEvents(dialect),
    '0007_django_import': djangoImport,
  }
}

/**
 * Applies every pending migration; throws naming the migration that failed.
 *
 * @example
 * await migrateToLatest(db, 'sqlite')
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: Dialect,
  schema?: string,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) }
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'latchkey_migration',
    migrationLockTableName: 'latchkey_migration_lock',
    // Named explicitly: Kysely would otherwise find another schema's migration tables and skip creating its own.
    ...(schema !== undefined && { migrationTableSchema: schema }),
  })
  let { error, results } = await migrator.migrateToLatest()
  // Kysely checks for its migration table by listing the tables of every schema (has_schema_privilege and
  // pg_get_serial_sequence on each): a schema another client drops meanwhile fails that listing with 3F000 or
  // 42P01 although ours is fine. Nothing was migrated then, so listing again is safe.
  for (
    let attempt = 1;
    attempt < 5 && isConcurrentDrop(error) && !results?.some((r) => r.status === 'Error');
    attempt++
  )
    ({ error, results } = await migrator.migrateToLatest())
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    // No migration ran: the database itself failed (unreachable, refused): that error is the cause, unwrapped.
    if (failed === undefined) throw error
    throw new Error(`migration ${failed} failed`, { cause: error })
  }
}

function isConcurrentDrop(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return code === '3F000' || code === '42P01'
}
