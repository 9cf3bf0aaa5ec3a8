import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { RotateOutcome } from '../src/core/sessions/session.ts'
import type { KyselyStores } from '../src/stores/kysely/kysely-stores.ts'
import { storeConformanceSuite } from '../src/testing/index.ts'
import { openPostgresTestStores } from './helpers/postgres.ts'

storeConformanceSuite('postgres (pool of 10)', () => openPostgresTestStores(10))

describe('postgres rotation through a pool of connections', () => {
  const applicationName = `lk_race_${randomBytes(4).toString('hex')}`
  let stores: KyselyStores
  before(async () => {
    stores = await openPostgresTestStores(8, applicationName)
  })
  after(() => stores.close())

  const connections = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where application_name = ${applicationName}`.execute(
      stores.db,
    )
    return rows[0]?.n ?? 0
  }

  it('20 concurrent rotations over ≥5 connections, ten rounds down one chain: one rotated and 19 grace each time', async (t) => {
    const user = await stores.users.create({ username: 'racer', passwordHash: 'h' }, 0)
    assert.ok(user)
    let session = await stores.sessions.create({
      id: randomBytes(16).toString('hex'),
      userId: user.id,
      createdAt: 1_000,
      expiresAt: 1_000_000_000,
      currentJti: 'jti-0',
      userAgent: '',
      ip: '',
    })
    const timings: number[] = []
    for (let round = 1; round <= 10; round++) {
      const presented = session.currentJti
      const started = performance.now()
      const outcomes: RotateOutcome[] = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stores.sessions.rotate({
            sessionId: session.id,
            userId: user.id,
            presentedJti: presented,
            newJti: `jti-${round}-${i}`,
            now: 1_000 + round * 100 + i,
            idleTimeoutMs: 0,
            graceMs: 10_000,
          }),
        ),
      )
      timings.push(performance.now() - started)
      const winners = outcomes.filter((o) => o.kind === 'rotated')
      assert.equal(winners.length, 1, `round ${round}: ${outcomes.map((o) => o.kind).join(' ')}`)
      assert.equal(outcomes.filter((o) => o.kind === 'grace').length, 19)
      const winner = winners[0]
      assert.ok(winner?.kind === 'rotated')
      for (const o of outcomes)
        assert.ok(
          (o.kind === 'rotated' || o.kind === 'grace') && o.session.currentJti === winner.session.currentJti,
        )
      session = winner.session
    }
    const opened = await connections()
    t.diagnostic(
      `20 concurrent rotations over ${opened} connections: ${timings.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    )
    assert.ok(opened >= 5, `the pool opened ${opened} connections`)
  })
})
