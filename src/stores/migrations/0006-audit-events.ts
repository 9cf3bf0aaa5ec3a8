import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { Dialect } from '../schema.ts'

/**
 * The audit log. No foreign key to the user: the record of what happened to an account outlives the account.
 * Read by user (newest first) and by type, trimmed by age.
 */
export function auditEvents(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('latchkey_audit_event')
        .addColumn('id', 'integer', (c) =>
          dialect === 'postgres'
            ? c.primaryKey().generatedByDefaultAsIdentity()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer')
        .addColumn('actor_id', 'integer')
        .addColumn('session_id', 'text')
        .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute()
      await db.schema
        .createIndex('latchkey_audit_event_user_id')
        .on('latchkey_audit_event')
        .columns(['user_id', 'id'])
        .execute()
      await db.schema
        .createIndex('latchkey_audit_event_type')
        .on('latchkey_audit_event')
        .columns(['type', 'id'])
        .execute()
      await db.schema.createIndex('latchkey_audit_event_at').on('latchkey_audit_event').column('at').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('latchkey_audit_event').execute()
    },
  }
}
