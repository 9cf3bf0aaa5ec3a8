import type { AuditEvent, AuditStore } from '../../core/audit/audit-store.ts'

/** The audit log in an array, for tests and single-process experiments. */
export function createMemoryAuditStore(): AuditStore {
  let events: AuditEvent[] = []
  let nextId = 1
  return {
    async append(entries) {
      // As the SQL stores must (PostgreSQL refuses NUL in text), NUL becomes U+FFFD.
      const clean = (v: string) => v.replaceAll('\u0000', '\uFFFD')
      for (const e of entries)
        events.push({
          ...e,
          id: nextId++,
          type: clean(e.type),
          ip: clean(e.ip),
          userAgent: clean(e.userAgent),
          sessionId: e.sessionId === null ? null : clean(e.sessionId),
        })
    },
    async list(query) {
      const matches = events
        .filter(
          (e) =>
            (query.userId === undefined || e.userId === query.userId) &&
            (query.type === undefined || e.type === query.type),
        )
        .reverse()
      return { count: matches.length, events: matches.slice(query.offset, query.offset + query.limit) }
    },
    async flush(before) {
      const kept = events.filter((e) => e.at >= before)
      const removed = events.length - kept.length
      events = kept
      return removed
    },
  }
}
