import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../schema.ts'

/**
 * Runs `work` in one transaction and commits it; on any failure rolls back and rethrows the *first* error. Kysely's
 * `transaction().execute()` lets a failing rollback replace the cause: SQLite rolls a transaction back by itself on
 * SQLITE_FULL or SQLITE_IOERR (https://sqlite.org/lang_transaction.html#response_to_errors_within_a_transaction),
 * so the ROLLBACK that follows fails with "cannot rollback - no transaction is active", and that is all the log
 * would say of a full disk. The rollback's own failure is dropped: the connection is released either way.
 *
 * @example
 * const outcome = await inTransaction(db, (tx) => rotateIn(tx, input))
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const tx = await db.startTransaction().execute()
  try {
    const result = await work(tx)
    await tx.commit().execute()
    return result
  } catch (error) {
    await tx
      .rollback()
      .execute()
      .catch(() => {})
    throw error
  }
}
