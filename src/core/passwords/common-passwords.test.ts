import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { commonPasswords, isCommonPassword, pythonStrip } from './common-passwords.ts'

describe('common passwords', () => {
  it('bundles at least 10,000 distinct, lower-cased, stripped entries', () => {
    const list = commonPasswords()
    assert.ok(list.size >= 10_000, `${list.size}`)
    for (const p of ['password', '123456', 'qwerty', 'godzilla']) assert.ok(list.has(p), p)
    for (const entry of list) {
      assert.equal(entry, entry.toLowerCase())
      assert.equal(entry, pythonStrip(entry))
      assert.notEqual(entry, '')
    }
    assert.equal(commonPasswords(), list, 'loaded once')
  })

  it('matches as Django does: lower-cased and stripped', () => {
    assert.equal(isCommonPassword('password'), true)
    assert.equal(isCommonPassword('PassWord'), true)
    assert.equal(isCommonPassword('  qwerty\t\n'), true)
    assert.equal(isCommonPassword('\u0085qwerty\u3000'), true)
    assert.equal(isCommonPassword('q w e r t y'), false)
    // Django's tests/auth_tests/test_validators.py
    assert.equal(isCommonPassword('godzilla'), true)
    assert.equal(isCommonPassword('a-safe-password'), false)
  })

  it('strips what Python’s str.strip() strips, not what trim() strips', () => {
    assert.equal(pythonStrip(' \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u2000\u3000a b\u2028\u2029'), 'a b')
    assert.equal(pythonStrip('\ufeffa\ufeff'), '\ufeffa\ufeff')
    assert.equal(pythonStrip(''), '')
  })
})
