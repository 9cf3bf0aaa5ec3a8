import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { Dialect } from '../schema.ts'

/**
 * Users (Django's `auth_user` columns) and session families. The one dialect branch is the generated id, which SQLite
 * and PostgreSQL spell differently. Applied databases record this under its name: never edit it, add a migration.
 */
export function usersAndSessions(dialect: Dialect): Migration {
  return {
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
      // listLive / revokeAllForUser filter by user; flush by expiry; listRevokedSince by revocation time.
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
  }
}
