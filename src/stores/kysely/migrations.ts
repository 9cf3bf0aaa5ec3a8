import { type Kysely, sql } from 'kysely'
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration'
import type { Database, Dialect } from './schema.ts'

/**
 * The schema's history, one code for both dialects; the only branch is the generated id column, which SQLite and
 * PostgreSQL spell differently.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_users_and_sessions': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('latchkey_user')
          .addColumn('id', 'integer', (c) =>
            dialect === 'postgres'
              ? c.primaryKey().generatedByDefaultAsIdentity()
              : c.primaryKey().autoIncrement(),
          )
          .addColumn('username', 'varchar(150)', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('first_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
          .addColumn('last_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
          .addColumn('email', 'varchar(254)', (c) => c.notNull().defaultTo(''))
          .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('is_staff', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('is_superuser', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('date_joined', 'bigint', (c) => c.notNull())
          .addColumn('last_login', 'bigint')
          .execute()
        await db.schema
          .createTable('latchkey_session')
          .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) =>
            c.notNull().references('latchkey_user.id').onDelete('cascade'),
          )
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('last_used_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('current_jti', 'varchar(64)', (c) => c.notNull())
          .addColumn('current_issued_at', 'bigint', (c) => c.notNull())
          .addColumn('previous_jti', 'varchar(64)')
          .addColumn('rotated_at', 'bigint')
          .addColumn('revoked_at', 'bigint')
          .addColumn('revoke_reason', 'varchar(32)')
          .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
          .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
          .execute()
        await db.schema
          .createIndex('latchkey_session_user_id')
          .on('latchkey_session')
          .column('user_id')
          .execute()
        await db.schema
          .createIndex('latchkey_session_expires_at')
          .on('latchkey_session')
          .column('expires_at')
          .execute()
        await db.schema
          .createIndex('latchkey_session_revoked_at')
          .on('latchkey_session')
          .column('revoked_at')
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('latchkey_session').execute()
        await db.schema.dropTable('latchkey_user').execute()
      },
    },
    '0002_signing_keys': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('latchkey_key')
          .addColumn('kid', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('algorithm', 'varchar(16)', (c) => c.notNull())
          .addColumn('private_material', 'text', (c) => c.notNull())
          .addColumn('public_jwk', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('activates_at', 'bigint', (c) => c.notNull())
          .addColumn('retires_at', 'bigint')
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('latchkey_key').execute()
      },
    },
  }
}

/** Applies every pending migration; throws with the failing migration's name if one fails. */
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
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`migration ${failed} failed`, { cause: error })
  }
}

/** A round trip to the database, for readiness checks. */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
