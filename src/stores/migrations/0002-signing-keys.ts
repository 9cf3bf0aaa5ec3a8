import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/** Signing keys, addressed by kid, with their private half encrypted at rest. */
export const signingKeys: Migration = {
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
}
