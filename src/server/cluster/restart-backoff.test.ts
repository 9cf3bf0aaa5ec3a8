import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RestartBackoff } from './restart-backoff.ts'

describe('restarting dead workers', () => {
  it('restarts a worker that had been running for a while at once', () => {
    const backoff = new RestartBackoff()
    assert.equal(backoff.delayAfter(60_000), 0)
    assert.equal(backoff.delayAfter(10_000), 0)
  })

  it('doubles the wait for each quick death in a row, up to 30 s', () => {
    const backoff = new RestartBackoff()
    const delays = Array.from({ length: 10 }, () => backoff.delayAfter(500))
    assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000])
  })

  it('starts again from no wait once a worker has stayed up', () => {
    const backoff = new RestartBackoff()
    backoff.delayAfter(100)
    backoff.delayAfter(100)
    assert.equal(backoff.delayAfter(20_000), 0)
    assert.equal(backoff.delayAfter(100), 250)
  })
})
