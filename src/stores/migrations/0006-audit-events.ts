import { type Kysely, sql } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { Dialect } from '../schema.ts'

/**
 * The audit log. No foreign key to the user: the record of what happened to an account outlives the account.
 * Read by user (newest first) and by type, trimmed by age.
 *
 * And the case-insensitive uniqueness of usernames created here: `case_unique` is 1 on users Latchkey creates
 * (`createIfNameFree`), 0 on every row that existed before and on imported ones (Django allowed `Alice` beside
 * `alice` before 4.2 checked on create). A partial unique index on `lower(username)` over the rows with 1 makes two
 * concurrent creates of `Alice` and `alice` impossible, which a `WHERE NOT EXISTS` alone cannot promise on PostgreSQL
 * under READ COMMITTED.
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
      await db.schema
        .alterTable('latchkey_user')
        .addColumn('case_unique', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      await db.schema
        .createIndex('latchkey_user_username_folded')
        .on('latchkey_user')
        .unique()
        .expression(sql`lower(username)`)
        .where(sql.ref('case_unique'), '=', 1)
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('latchkey_user_username_folded').execute()
      await db.schema.alterTable('latchkey_user').dropColumn('case_unique').execute()
      await db.schema.dropTable('latchkey_audit_event').execute()
    },
  }
}
