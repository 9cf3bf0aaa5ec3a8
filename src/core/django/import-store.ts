import type { NewSession } from '../sessions/session.ts'
import type { User } from '../users/user.ts'

/** A user as the store holds it, with the Django row an import last copied into it (null: created in Latchkey). */
export interface UserImportRecord {
  readonly user: User
  /** JSON of the `DjangoUser` last imported; null marks a user created in Latchkey, which no import writes. */
  readonly djangoRow: string | null
}

/**
 * The writes of `latchkey import-django`, each one statement over a batch. Implementations: memory, SQLite and
 * PostgreSQL, held to the same conformance suite (`test/store-conformance-import.ts`).
 */
export interface DjangoImportStore {
  /** The users whose id or username is among those given. */
  findForImport(ids: readonly number[], usernames: readonly string[]): Promise<readonly UserImportRecord[]>
  /**
   * Moves the user id sequence so that a user created in Latchkey from now on gets an id above `maxId` (never
   * lowers it). Called before the imported rows are written, so a user created meanwhile cannot take an id the import
   * is about to use.
   */
  reserveUserIds(maxId: number): Promise<void>
  /**
   * Inserts these users with their own ids, or overwrites the ones an earlier import created (`djangoRow` not null);
   * a user created in Latchkey is never written, even if its id is given. Returns how many rows were written.
   */
  upsertImportedUsers(users: readonly UserImportRecord[]): Promise<number>
  /**
   * Inserts the sessions whose id is free, last used `now` (Django records no use of a refresh token, so an idle
   * timeout counts from the import); an existing one (imported before, maybe used since) is left as it is.
   */
  addImportedSessions(sessions: readonly NewSession[], now: number): Promise<number>
  /**
   * Revokes (reason `logout`) those of these sessions that are live and still at their imported token (never
   * rotated in Latchkey): tokens blacklisted in Django since an earlier import. Returns how many it revoked.
   */
  revokeUnusedImportedSessions(ids: readonly string[], now: number): Promise<number>
}
