import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { KyselyStores } from '../../src/stores/kysely/kysely-stores.ts'
import { createPostgresStores } from '../../src/stores/postgres/index.ts'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Stores in a fresh, randomly named schema of the test database; closing drops the schema. */
export async function openPostgresTestStores(
  poolSize = 10,
  applicationName?: string,
): Promise<KyselyStores & { readonly schema: string }> {
  const schema = testSchemaName()
  // `applicationName` tags the pool's connections, so a test can count them in pg_stat_activity.
  const url = new URL(TEST_DATABASE_URL)
  if (applicationName !== undefined) url.searchParams.set('application_name', applicationName)
  const stores = createPostgresStores(url.toString(), { schema, poolSize })
  await stores.migrate()
  return {
    ...stores,
    schema,
    async close() {
      await stores.close()
      await dropTestSchema(schema)
    },
  }
}

/** A fresh, random schema name of the test database (`?schema=` of a `LATCHKEY_DATABASE_URL` creates it). */
export function testSchemaName(): string {
  return `lk_test_${randomBytes(6).toString('hex')}`
}

/** Drops a test schema and everything in it, over a connection of its own. */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}
