import { existsSync } from 'node:fs'
import type { DjangoSource } from '../../core/django/django-source.ts'
import { nodeSqlite } from '../sqlite/node-sqlite.ts'
import {
  type RawTokenRow,
  type RawUserRow,
  TOKEN_COLUMNS,
  TOKEN_FROM,
  toDjangoUser,
  toOutstandingToken,
  USER_COLUMNS,
} from './django-rows.ts'

/** Django's SQLite datetime text for an instant, which compares as text in time order. */
function sqliteTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '')
}

/**
 * A Django SQLite database (`db.sqlite3`), opened read-only with node:sqlite: the import never writes to it.
 *
 * @example
 * const source = openSqliteDjangoSource('/srv/app/db.sqlite3')
 */
export function openSqliteDjangoSource(path: string): DjangoSource {
  if (!existsSync(path)) throw new Error(`no Django database at '${path}'`)
  const db = new (nodeSqlite().DatabaseSync)(path, { readOnly: true })
  return {
    async users() {
      return (
        db.prepare(`select ${USER_COLUMNS} from auth_user order by id`).all() as unknown as RawUserRow[]
      ).map(toDjangoUser)
    },
    async outstandingTokens(now) {
      const table = db
        .prepare(
          "select 1 from sqlite_master where type = 'table' and name = 'token_blacklist_outstandingtoken'",
        )
        .get()
      if (table === undefined) return null
      const rows = db
        .prepare(`select ${TOKEN_COLUMNS} from ${TOKEN_FROM} where o.expires_at > ? order by o.id`)
        .all(sqliteTime(now)) as unknown as RawTokenRow[]
      return rows.map(toOutstandingToken)
    },
    async close() {
      db.close()
    },
  }
}
