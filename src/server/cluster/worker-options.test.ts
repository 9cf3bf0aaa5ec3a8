import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withHashingShare } from './worker-options.ts'

describe("a worker's share of password hashing", () => {
  it('splits the CPUs-less-one hashes among the workers, at least one each', () => {
    assert.equal(withHashingShare({}, 2, 16).passwordHashing?.concurrency, 7)
    assert.equal(withHashingShare({}, 16, 16).passwordHashing?.concurrency, 1)
    assert.equal(withHashingShare({}, 2, 2).passwordHashing?.concurrency, 1)
  })

  it('keeps a concurrency the options set, and the other hashing parameters', () => {
    assert.equal(
      withHashingShare({ passwordHashing: { concurrency: 5 } }, 4, 16).passwordHashing?.concurrency,
      5,
    )
    assert.deepEqual(withHashingShare({ passwordHashing: { memoryCost: 4096 } }, 4, 16).passwordHashing, {
      memoryCost: 4096,
      concurrency: 3,
    })
  })
})
