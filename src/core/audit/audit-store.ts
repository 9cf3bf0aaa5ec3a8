/** A detail value: audit entries hold ids, names, reasons and counts, never a token, cookie or password. */
export type AuditValue = string | number | boolean | null

/** One security event as the audit log keeps it. */
export interface AuditEntry {
  /** `login`, `login_failed`, `refresh_token_reuse_detected`, `logout`, `session_revoked`, `password_changed`, `admin.*`. */
  readonly type: string
  /** Epoch milliseconds. */
  readonly at: number
  /** The user the event is about, when there is one (a failed login for an unknown name has none). */
  readonly userId: number | null
  /** The administrator who acted (admin actions); null for a user's own actions and for the CLI. */
  readonly actorId: number | null
  readonly sessionId: string | null
  readonly ip: string
  readonly userAgent: string
  readonly detail: Readonly<Record<string, AuditValue>>
}

/** An audit entry as stored, with the id that orders the log. */
export interface AuditEvent extends AuditEntry {
  /** Increasing with insertion order. */
  readonly id: number
}

/** Which page of the audit log to read, optionally for one user or one event type (newest first). */
export interface AuditQuery {
  readonly userId?: number
  readonly type?: string
  readonly offset: number
  readonly limit: number
}

/** A page of the audit log and how many events match in all. */
export interface AuditPage {
  readonly count: number
  /** Newest first (by id). */
  readonly events: readonly AuditEvent[]
}

/**
 * Storage of the audit log: append-only, read newest first, trimmed by age. Implementations: memory, SQLite and
 * PostgreSQL (one Kysely code); every store passes the audit conformance suite.
 */
export interface AuditStore {
  /** Appends the entries in order, in one statement. NUL characters in text become U+FFFD. */
  append(entries: readonly AuditEntry[]): Promise<void>
  list(query: AuditQuery): Promise<AuditPage>
  /** Deletes entries older than `before` (epoch ms); returns how many. */
  flush(before: number): Promise<number>
}
