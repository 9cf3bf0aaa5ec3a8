import { isUnavailable } from '../core/storage-unavailable.ts'
import type { StartLog } from './log-options.ts'
import type { Stores } from './open-stores.ts'

/** A database URL safe to log: the password (and user) hidden. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@')
}

/** The innermost cause's message: `connect ECONNREFUSED 127.0.0.1:5432`, not the wrapper's. */
function rootCause(error: unknown): string {
  let e = error
  for (let depth = 0; e instanceof Error && e.cause instanceof Error && depth < 5; depth++) e = e.cause
  if (e instanceof AggregateError && e.errors[0] instanceof Error) e = e.errors[0]
  return e instanceof Error ? e.message || String((e as { code?: unknown }).code) : String(e)
}

/** Why start-up could not use the database, as one line naming the variable. */
export class DatabaseStartError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DatabaseStartError'
  }
}

/**
 * Migrates the database, waiting for it while it is unreachable (a database container starting beside this one):
 * retries with exponential backoff (250 ms doubling to 5 s) for up to `timeoutMs`, logging each wait, then gives up
 * with one line naming the cause. Any other failure (bad credentials, a failed migration) gives up at once.
 */
export async function migrateWhenReachable(
  stores: Stores,
  input: { readonly databaseUrl: string; readonly timeoutMs: number; readonly log: StartLog },
): Promise<void> {
  const deadline = Date.now() + input.timeoutMs
  const where = redactDatabaseUrl(input.databaseUrl)
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await stores.migrate()
      return
    } catch (error) {
      if (!isUnavailable(error))
        throw new DatabaseStartError(
          `LATCHKEY_DATABASE_URL: cannot use the database at ${where}: ${rootCause(error)}`,
        )
      const left = deadline - Date.now()
      if (left <= 0)
        throw new DatabaseStartError(
          `LATCHKEY_DATABASE_URL: the database at ${where} is unreachable (${rootCause(error)}); gave up after ${Math.round(input.timeoutMs / 1000)}s (LATCHKEY_DB_CONNECT_TIMEOUT)`,
        )
      const wait = Math.min(delay, left)
      input.log.warn(
        { event: 'database_unreachable', database: where, cause: rootCause(error), retryInMs: wait },
        'database unreachable: retrying',
      )
      await new Promise((resolve) => setTimeout(resolve, wait))
    }
  }
}
