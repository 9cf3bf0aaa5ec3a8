import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** Enough for every distinct query the stores build; past it, the oldest statement makes room. */
const MAX_CACHED_STATEMENTS = 500

/**
 * Presents a `node:sqlite` database as the object Kysely's built-in SqliteDialect drives (its better-sqlite3 shape).
 * Two differences matter: node:sqlite takes parameters spread, not as an array; and it has no `reader` flag, so a
 * statement counts as a reader when it yields columns — which is what makes `INSERT/UPDATE … RETURNING` rows come back
 * through `all()` instead of being dropped by `run()` (the bug of the `kysely-node-sqlite` package). Statements are
 * prepared once per SQL text: Kysely's queries are parameterised, so the texts are few and repeat.
 *
 * @example
 * new Kysely<Database>({ dialect: new SqliteDialect({ database: kyselySqliteAdapter(new DatabaseSync(path)) }) })
 */
export function kyselySqliteAdapter(database: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => database.close(),
    prepare(sql) {
      const cached = cache.get(sql)
      if (cached !== undefined) return cached
      const statement = wrap(database.prepare(sql))
      if (cache.size >= MAX_CACHED_STATEMENTS) {
        const oldest = cache.keys().next().value
        if (oldest !== undefined) cache.delete(oldest)
      }
      cache.set(sql, statement)
      return statement
    },
  }
}

function wrap(statement: StatementSync): SqliteStatement {
  // Kysely hands parameters over as an array of driver values; node:sqlite wants them as arguments of its own types.
  const spread = (parameters: ReadonlyArray<unknown>) => parameters as Parameters<StatementSync['all']>
  return {
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...spread(parameters)),
    run: (parameters) => statement.run(...spread(parameters)),
    iterate: (parameters) => statement.iterate(...spread(parameters)),
  }
}
