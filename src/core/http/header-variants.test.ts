import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HeaderVariants } from './header-variants.ts'

const withAllow = (set: Readonly<Record<string, string>>, allow: string) => ({ ...set, allow })

describe('variants of shared header sets', () => {
  it('makes a variant of a frozen set once per key, frozen, and hands out the same one after', () => {
    const variants = new HeaderVariants<string>()
    const shared = Object.freeze({ vary: 'Cookie' })
    const first = variants.of(shared, 'GET', withAllow)
    assert.deepEqual(first, { vary: 'Cookie', allow: 'GET' })
    assert.ok(Object.isFrozen(first))
    assert.equal(variants.of(shared, 'GET', withAllow), first)
    assert.deepEqual(variants.of(shared, 'POST', withAllow), { vary: 'Cookie', allow: 'POST' })
  })
  it('makes the variant of a set built for one request anew each time, remembering nothing', () => {
    const variants = new HeaderVariants<string>()
    const own = { vary: 'Cookie', 'access-control-allow-origin': 'https://app.example' }
    const first = variants.of(own, 'GET', withAllow)
    assert.notEqual(variants.of(own, 'GET', withAllow), first)
    assert.ok(!Object.isFrozen(first))
  })
  it('keeps at most the given number of variants of one set', () => {
    const variants = new HeaderVariants<string>(2)
    const shared = Object.freeze({})
    const a = variants.of(shared, 'a', withAllow)
    variants.of(shared, 'b', withAllow)
    assert.equal(variants.of(shared, 'a', withAllow), a)
    variants.of(shared, 'c', withAllow)
    assert.notEqual(variants.of(shared, 'a', withAllow), a)
  })
})
