import type { Kysely } from 'kysely'
import type { KeyStore, StoredKey } from '../../core/tokens/key-store.ts'
import type { Database } from '../schema.ts'

export function createKyselyKeyStore(db: Kysely<Database>): KeyStore {
  return {
    async list() {
      const rows = await db.selectFrom('latchkey_key').selectAll().orderBy('activates_at').execute()
      return rows.map(
        (row): StoredKey => ({
          kid: row.kid,
          algorithm: row.algorithm,
          privateMaterial: row.private_material,
          publicJwk: row.public_jwk,
          createdAt: Number(row.created_at),
          activatesAt: Number(row.activates_at),
          retiresAt: row.retires_at === null ? null : Number(row.retires_at),
        }),
      )
    },
    async insert(key) {
      await db
        .insertInto('latchkey_key')
        .values({
          kid: key.kid,
          algorithm: key.algorithm,
          private_material: key.privateMaterial,
          public_jwk: key.publicJwk,
          created_at: key.createdAt,
          activates_at: key.activatesAt,
          retires_at: key.retiresAt,
        })
        .execute()
    },
    async scheduleRetirement(activatedBefore, retiresAt) {
      await db
        .updateTable('latchkey_key')
        .set({ retires_at: retiresAt })
        .where('activates_at', '<', activatedBefore)
        .where('retires_at', 'is', null)
        .execute()
    },
  }
}
