import { type Kysely, sql } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * The service clock's one row: how much wall time the service has spent unable to answer (`offset_ms`), and the
 * last time an instance proved it could (`last_beat_ms`). See `src/core/sessions/service-clock.ts`.
 */
export const serviceClock: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('latchkey_service_clock')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('offset_ms', 'bigint', (c) => c.notNull())
      .addColumn('last_beat_ms', 'bigint')
      .execute()
    await sql`insert into latchkey_service_clock (id, offset_ms, last_beat_ms) values (1, 0, null)`.execute(
      db,
    )
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('latchkey_service_clock').execute()
  },
}
