import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cryptoRandom, randomHex128 } from '../random.ts'
import { isTokenId } from './token-id.ts'

describe('the one shape of session ids, sid and jti', () => {
  it('accepts what Latchkey mints: 32 lowercase hex characters', () => {
    for (let i = 0; i < 20; i++) assert.equal(isTokenId(randomHex128(cryptoRandom)), true)
    assert.equal(isTokenId('0123456789abcdef'.repeat(2)), true)
  })

  it('refuses everything else before it reaches a query', () => {
    for (const value of [
      '',
      'a'.repeat(31),
      'a'.repeat(33),
      'A'.repeat(32),
      `${'a'.repeat(31)}\u0000`,
      `${'a'.repeat(32)}\n`,
      'g'.repeat(32),
      // The neighbours of the two ranges, at the start, inside and at the end.
      `/${'a'.repeat(31)}`,
      `${'a'.repeat(15)}:${'a'.repeat(16)}`,
      `${'a'.repeat(15)}\`${'a'.repeat(16)}`,
      `${'a'.repeat(31)}g`,
      `${'a'.repeat(31)}\u00e9`,
      '0123456789abcdef-123456789abcdef',
      42,
      null,
      undefined,
      ['a'.repeat(32)],
    ])
      assert.equal(isTokenId(value), false, JSON.stringify(value))
  })
})
