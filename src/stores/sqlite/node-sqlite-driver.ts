import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/**
 * Presents a `node:sqlite` database as the object Kysely's built-in SqliteDialect drives (its better-sqlite3 shape):
 * parameters are spread, not passed as an array, and a statement is a reader when it returns columns — which makes
 * `RETURNING` rows come back. Prepared statements are cached by SQL text.
 */
export function kyselySqliteAdapter(database: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  const wrap = (statement: StatementSync): SqliteStatement => {
    type Params = Parameters<StatementSync['all']>
    const spread = (parameters: ReadonlyArray<unknown>) => parameters as unknown as Params
    return {
      reader: statement.columns().length > 0,
      all: (parameters) => statement.all(...spread(parameters)),
      run: (parameters) => statement.run(...spread(parameters)),
      iterate: (parameters) => statement.iterate(...spread(parameters)),
    }
  }
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = cache.get(sql)
      if (statement === undefined) {
        statement = wrap(database.prepare(sql))
        if (cache.size < 500) cache.set(sql, statement)
      }
      return statement
    },
  }
}
