import type { Kysely } from 'kysely'
import type { ServiceClockStore } from '../../core/sessions/service-clock.ts'
import type { Database } from '../schema.ts'

/**
 * The service clock's row over Kysely, one code for SQLite and PostgreSQL: each beat is one UPDATE … RETURNING, so
 * concurrent beats of several instances serialise on the row and none is lost.
 *
 * @example
 * const offset = await createKyselyServiceClockStore(db).beat(Date.now(), true)
 */
export function createKyselyServiceClockStore(db: Kysely<Database>): ServiceClockStore {
  return {
    async beat(now, resuming) {
      const row = await db
        .updateTable('latchkey_service_clock')
        .set((eb) => ({
          offset_ms: resuming
            ? eb
                .case()
                .when(eb.and([eb('last_beat_ms', 'is not', null), eb('last_beat_ms', '<', now)]))
                .then(eb('offset_ms', '+', eb(eb.val(now), '-', eb.ref('last_beat_ms'))))
                .else(eb.ref('offset_ms'))
                .end()
            : eb.ref('offset_ms'),
          last_beat_ms: eb
            .case()
            .when(eb.or([eb('last_beat_ms', 'is', null), eb('last_beat_ms', '<', now)]))
            .then(now)
            .else(eb.ref('last_beat_ms'))
            .end(),
        }))
        .where('id', '=', 1)
        .returning('offset_ms')
        .executeTakeFirstOrThrow()
      return row.offset_ms
    },
  }
}
