import type { Logger } from '../logger.ts'
import type { AuditEntry, AuditPage, AuditQuery, AuditStore } from './audit-store.ts'

/** Entries written per statement. */
const BATCH = 500

/**
 * Writes audit entries behind the response: `record` only queues, and the queue goes to the store in batches on a
 * later turn of the event loop, so an audit write never slows or fails a login. A store error is logged and the
 * batch dropped (the structured log line of each event has already been written); while the store is down the
 * queue is capped, dropping the oldest, so memory stays bounded.
 */
export class AuditLog {
  readonly #store: AuditStore | undefined
  readonly #logger: Logger
  readonly #capacity: number
  #queue: AuditEntry[] = []
  #scheduled = false
  #writing: Promise<void> = Promise.resolve()
  #dropped = 0

  constructor(store: AuditStore | undefined, logger: Logger, capacity = 10_000) {
    this.#store = store
    this.#logger = logger
    this.#capacity = capacity
  }

  /** Queues an entry; never throws, never waits. */
  record(entry: AuditEntry): void {
    if (this.#store === undefined) return
    if (this.#queue.length >= this.#capacity) {
      this.#queue.shift()
      this.#dropped++
    }
    this.#queue.push(entry)
    if (this.#scheduled) return
    this.#scheduled = true
    setTimeout(() => {
      this.#scheduled = false
      this.#writing = this.#writing.then(() => this.#write())
    }, 0)
  }

  /** Resolves once everything recorded so far has been written (or failed): for shutdown and tests. */
  async drain(): Promise<void> {
    while (this.#scheduled || this.#queue.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 0))
      await this.#writing
    }
    await this.#writing
  }

  /** Reads the log, after writing what is queued (an administrator who just acted expects to see it). */
  async list(query: AuditQuery): Promise<AuditPage> {
    if (this.#store === undefined) return { count: 0, events: [] }
    await this.drain()
    return this.#store.list(query)
  }

  /** Deletes entries older than `before`; 0 without a store. */
  flush(before: number): Promise<number> {
    return this.#store === undefined ? Promise.resolve(0) : this.#store.flush(before)
  }

  async #write(): Promise<void> {
    const store = this.#store
    if (store === undefined) return
    if (this.#dropped > 0) {
      this.#logger.warn({ event: 'audit_entries_dropped', count: this.#dropped }, 'audit_entries_dropped')
      this.#dropped = 0
    }
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, BATCH)
      try {
        await store.append(batch)
      } catch (error) {
        this.#logger.error(
          { event: 'audit_write_failed', count: batch.length, error: String(error) },
          'audit_write_failed',
        )
      }
    }
  }
}
