import type * as NodeSqlite from 'node:sqlite'

/**
 * `node:sqlite`, loaded when a database is opened rather than imported: on a Node.js without it (older than the
 * 22.16 the package requires) a static import fails while modules link, with "No such built-in module: node:sqlite",
 * before any code of ours could say what is wrong. This says it.
 *
 * @example
 * const database = new (nodeSqlite().DatabaseSync)(':memory:')
 */
export function nodeSqlite(): typeof NodeSqlite {
  const loaded = process.getBuiltinModule?.('node:sqlite') as typeof NodeSqlite | undefined
  if (loaded === undefined)
    throw new Error(
      `Latchkey needs Node.js 22.16 or newer (its SQLite store uses node:sqlite); this is Node.js ${process.versions.node}.`,
    )
  return loaded
}
