import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'
import type { Dialect } from '../schema.ts'

/**
 * Makes the free-form columns unbounded on PostgreSQL, as they always were on SQLite (which never enforces a declared
 * `varchar(n)`): before this, a 151-character username or a long forwarded address was stored by SQLite but made
 * PostgreSQL throw, so the two stores disagreed. Length rules belong to the core's validation, not to one dialect.
 * `varchar(n)` → `text` is binary-coercible, so PostgreSQL rewrites neither table nor index. SQLite has nothing to do.
 */
export function unboundedText(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return
      await db.schema
        .alterTable('latchkey_user')
        .alterColumn('username', (c) => c.setDataType('text'))
        .alterColumn('first_name', (c) => c.setDataType('text'))
        .alterColumn('last_name', (c) => c.setDataType('text'))
        .alterColumn('email', (c) => c.setDataType('text'))
        .execute()
      await db.schema
        .alterTable('latchkey_session')
        .alterColumn('ip', (c) => c.setDataType('text'))
        .execute()
    },
    async down(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return
      await db.schema
        .alterTable('latchkey_user')
        .alterColumn('username', (c) => c.setDataType('varchar(150)'))
        .alterColumn('first_name', (c) => c.setDataType('varchar(150)'))
        .alterColumn('last_name', (c) => c.setDataType('varchar(150)'))
        .alterColumn('email', (c) => c.setDataType('varchar(254)'))
        .execute()
      await db.schema
        .alterTable('latchkey_session')
        .alterColumn('ip', (c) => c.setDataType('varchar(64)'))
        .execute()
    },
  }
}
