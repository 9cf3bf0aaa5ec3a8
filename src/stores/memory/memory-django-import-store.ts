import type { DjangoImportStore } from '../../core/django/import-store.ts'
import type { NewSession } from '../../core/sessions/session.ts'
import type { MemoryUserImports } from './memory-user-store.ts'

/**
 * The import writes over the memory stores' Maps. Each method runs without an `await` between its reads and writes,
 * so, as in the SQL stores, a batch is applied as one step.
 */
export function createMemoryDjangoImportStore(
  users: MemoryUserImports,
  sessions: {
    insertIfAbsent(session: NewSession, now: number): boolean
    revokeUnused(sessionId: string, now: number): boolean
  },
): DjangoImportStore {
  return {
    async findForImport(ids, usernames) {
      const found = new Set<number>(ids)
      for (const username of usernames) {
        const id = users.idOf(username)
        if (id !== undefined) found.add(id)
      }
      return [...found].flatMap((id) => users.record(id) ?? [])
    },
    async reserveUserIds(maxId) {
      users.reserve(maxId)
    },
    async upsertImportedUsers(records) {
      return records.filter((record) => users.put(record)).length
    },
    async addImportedSessions(list, now) {
      return list.filter((session) => sessions.insertIfAbsent(session, now)).length
    },
    async revokeUnusedImportedSessions(ids, now) {
      return ids.filter((id) => sessions.revokeUnused(id, now)).length
    },
  }
}
