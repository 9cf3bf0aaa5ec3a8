import pg from 'pg'
import type { DjangoSource } from '../../core/django/django-source.ts'
import {
  type RawTokenRow,
  type RawUserRow,
  TOKEN_COLUMNS,
  TOKEN_FROM,
  toDjangoUser,
  toOutstandingToken,
  USER_COLUMNS,
} from './django-rows.ts'

/**
 * A Django PostgreSQL database, read in one read-only transaction (one snapshot: users and tokens agree). A
 * `schema` query parameter on the URL reads that schema (Django's `OPTIONS: {'options': '-c search_path=…'}`).
 *
 * @example
 * const source = await openPostgresDjangoSource('postgres://app@db:5432/app')
 */
export async function openPostgresDjangoSource(url: string): Promise<DjangoSource> {
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema')
  parsed.searchParams.delete('schema')
  const client = new pg.Client({ connectionString: parsed.toString() })
  await client.connect()
  try {
    await client.query('begin transaction isolation level repeatable read read only')
    if (schema !== null) await client.query(`set local search_path to ${client.escapeIdentifier(schema)}`)
  } catch (error) {
    await client.end()
    throw error
  }
  return {
    async users() {
      const result = await client.query<RawUserRow>(`select ${USER_COLUMNS} from auth_user order by id`)
      return result.rows.map(toDjangoUser)
    },
    async outstandingTokens(now) {
      const table = await client.query<{ t: string | null }>(
        "select to_regclass('token_blacklist_outstandingtoken')::text as t",
      )
      if (table.rows[0]?.t == null) return null
      const result = await client.query<RawTokenRow>(
        `select ${TOKEN_COLUMNS} from ${TOKEN_FROM} where o.expires_at > $1 order by o.id`,
        [new Date(now)],
      )
      return result.rows.map(toOutstandingToken)
    },
    async close() {
      try {
        await client.query('rollback')
      } finally {
        await client.end()
      }
    },
  }
}
