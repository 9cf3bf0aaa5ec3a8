import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RedisRevocationBus } from '../src/stores/redis/redis-revocation-bus.ts'
import { TEST_REDIS_URL } from './helpers/cluster.ts'

describe('the Redis revocation bus at start-up', () => {
  it('never reports itself down while a healthy Redis is still connecting', async () => {
    // Subscribing straight after construction is what the server does: the connection is still being made.
    for (let start = 0; start < 8; start++) {
      const bus = new RedisRevocationBus(TEST_REDIS_URL)
      const reports: boolean[] = []
      try {
        await bus.subscribe(
          () => {},
          (healthy) => reports.push(healthy),
        )
        // The SUBSCRIBE issued on 'ready' reports healthy once it is acknowledged.
        for (let i = 0; i < 100 && reports.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
        assert.deepEqual(reports, [true], `start ${start}`)
      } finally {
        await bus.close()
      }
    }
  })

  it('reports itself down when Redis is not there', async () => {
    const bus = new RedisRevocationBus('redis://127.0.0.1:1')
    const reports: boolean[] = []
    try {
      await bus.subscribe(
        () => {},
        (healthy) => reports.push(healthy),
      )
      assert.ok(reports.includes(false))
      assert.ok(!reports.includes(true))
    } finally {
      await bus.close()
    }
  })
})
