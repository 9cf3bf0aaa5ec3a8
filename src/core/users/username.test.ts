import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { normalizeUsername, usernameProblems } from './username.ts'

const INVALID =
  'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.'

describe('usernames as Django has them', () => {
  it('accepts ASCII letters, digits and @ . + - _', () => {
    assert.deepEqual(usernameProblems('a.b+c-d_e@f9'), [])
  })

  it('accepts Unicode letters and digits (UnicodeUsernameValidator)', () => {
    for (const name of ['Zoë', 'Ångström', 'Дмитрий', '李雷', 'مريم', 'x١٢٣'])
      assert.deepEqual(usernameProblems(name), [], name)
  })

  it('refuses spaces, punctuation outside @.+-_, emoji and control characters', () => {
    for (const name of ['bad name', 'a/b', 'a#b', 'smile😀', 'tab\tx', 'nul\u0000x', "o'brien"])
      assert.deepEqual(usernameProblems(name), [INVALID], JSON.stringify(name))
  })

  it('counts characters, not UTF-16 units, against the 150 limit', () => {
    assert.deepEqual(usernameProblems('𝒜'.repeat(150)), [], '150 letters outside the BMP: 300 UTF-16 units')
    assert.deepEqual(usernameProblems('𝒜'.repeat(151)), [
      'Ensure this field has no more than 150 characters.',
    ])
    assert.deepEqual(usernameProblems('a'.repeat(151)), [
      'Ensure this field has no more than 150 characters.',
    ])
    assert.deepEqual(usernameProblems(''), ['This field may not be blank.'])
  })

  it('normalises with NFKC: fullwidth and compatibility forms become their plain letters', () => {
    assert.equal(normalizeUsername('ａｌｉｃｅ'), 'alice')
    assert.equal(normalizeUsername('ﬁle'), 'file')
    assert.equal(normalizeUsername('e\u0301'), 'é')
    assert.equal(normalizeUsername('Alice'), 'Alice', 'case is kept: Django usernames are case-sensitive')
  })
})
