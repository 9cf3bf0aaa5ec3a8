import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Logger } from '../logger.ts'
import { AuditLog } from './audit-log.ts'
import type { AuditEntry, AuditStore } from './audit-store.ts'

const entry = (type: string): AuditEntry => ({
  type,
  at: 1,
  userId: 1,
  actorId: null,
  sessionId: null,
  ip: '',
  userAgent: '',
  detail: {},
})

function recordingLogger(): Logger & { lines: { level: string; fields: object }[] } {
  const lines: { level: string; fields: object }[] = []
  return {
    lines,
    info: (fields) => lines.push({ level: 'info', fields }),
    warn: (fields) => lines.push({ level: 'warn', fields }),
    error: (fields) => lines.push({ level: 'error', fields }),
  }
}

function store(append: AuditStore['append']): AuditStore {
  return { append, list: async () => ({ count: 0, events: [] }), flush: async () => 0 }
}

describe('the audit writer', () => {
  it('queues without waiting and writes everything recorded in one turn as one batch', async () => {
    const batches: string[][] = []
    const log = new AuditLog(
      store(async (entries) => void batches.push(entries.map((e) => e.type))),
      recordingLogger(),
    )
    log.record(entry('a'))
    log.record(entry('b'))
    log.record(entry('c'))
    assert.deepEqual(batches, [], 'nothing is written while the caller runs')
    await log.drain()
    assert.deepEqual(batches, [['a', 'b', 'c']])
  })

  it('never throws when the store fails: the error is logged and later entries are still written', async () => {
    const logger = recordingLogger()
    let fail = true
    const written: string[] = []
    const log = new AuditLog(
      store(async (entries) => {
        if (fail) throw new Error('database is down')
        written.push(...entries.map((e) => e.type))
      }),
      logger,
    )
    assert.doesNotThrow(() => log.record(entry('lost')))
    await log.drain()
    assert.deepEqual(
      logger.lines.map((l) => [l.level, (l.fields as { event: string }).event]),
      [['error', 'audit_write_failed']],
    )
    fail = false
    log.record(entry('kept'))
    await log.drain()
    assert.deepEqual(written, ['kept'])
  })

  it('keeps at most its capacity while the store is slow, dropping the oldest and saying how many', async () => {
    const logger = recordingLogger()
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const written: string[] = []
    const log = new AuditLog(
      store(async (entries) => {
        await gate
        written.push(...entries.map((e) => e.type))
      }),
      logger,
      3,
    )
    log.record(entry('first'))
    await new Promise((resolve) => setTimeout(resolve, 5))
    for (const type of ['1', '2', '3', '4', '5']) log.record(entry(type))
    release()
    await log.drain()
    assert.deepEqual(written, ['first', '3', '4', '5'])
    assert.ok(
      logger.lines.some(
        (l) => (l.fields as { event: string; count: number }).event === 'audit_entries_dropped',
      ),
    )
  })

  it('does nothing without a store', async () => {
    const log = new AuditLog(undefined, recordingLogger())
    log.record(entry('x'))
    await log.drain()
    assert.deepEqual(await log.list({ offset: 0, limit: 5 }), { count: 0, events: [] })
    assert.equal(await log.flush(10), 0)
  })
})
