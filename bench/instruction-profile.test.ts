import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { parsePerfMap, selfCosts } from './instruction-profile.ts'

const ROOT = pathToFileURL(join(import.meta.dirname, '..')).href

/** Two compiled functions, the second at two tiers, as Node's `--perf-basic-prof` writes them. */
const PERF_MAP = [
  `1000 100 JS:*verify ${ROOT}/src/core/tokens/token-codec.ts:80:11`,
  `2000 80 JS:~guard ${ROOT}/src/adapters/web/index.ts:85:17`,
  `3000 80 JS:^guard ${ROOT}/src/adapters/web/index.ts:85:17`,
].join('\n')

/** A callgrind dump: compressed names, JIT code named by address, and a call whose cost is the callee's. */
const DUMP = [
  'events: Ir',
  'fn=(1) main',
  '10 50',
  'cfn=(2) 0x0000000000001010',
  'calls=1 0',
  '11 900',
  '+1 5',
  'fn=(2)',
  '0 400',
  'fn=(3) 0x0000000000002020',
  '0 30',
  'fn=(4) 0x0000000000003000',
  '* 20',
  'fn=(5) 0x0000000000009000',
  '0 7',
  'totals: 512',
].join('\n')

describe('instruction profile', () => {
  const costs = selfCosts(DUMP, parsePerfMap(PERF_MAP))

  it("counts a function's own instructions, not the cost of the calls it makes", () => {
    assert.equal(costs.get('main'), 55)
  })

  it('names JIT code by the perf map, a name first given in a call line', () => {
    assert.equal(costs.get('JS:verify src/core/tokens/token-codec.ts:80:11'), 400)
  })

  it('adds up one function compiled at two tiers', () => {
    assert.equal(costs.get('JS:guard src/adapters/web/index.ts:85:17'), 50)
  })

  it('names code the map does not cover as JIT code', () => {
    assert.equal(costs.get('JIT code'), 7)
  })
})
