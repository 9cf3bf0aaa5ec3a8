import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Semaphore } from './semaphore.ts'

describe('Semaphore', () => {
  it('never runs more than its limit at once, and runs everything', async () => {
    const semaphore = new Semaphore(2)
    let running = 0
    let peak = 0
    const task = async (i: number) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
      return i
    }
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => semaphore.run(() => task(i))))
    assert.equal(peak, 2)
    assert.deepEqual(results, [...Array(10).keys()])
  })

  it('frees its slot when a task fails', async () => {
    const semaphore = new Semaphore(1)
    await assert.rejects(semaphore.run(async () => Promise.reject(new Error('boom'))))
    assert.equal(await semaphore.run(async () => 'next'), 'next')
  })
})
