import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { isSupportedNode, MINIMUM_NODE } from './node-version.ts'

describe('the Node.js versions the CLI accepts', () => {
  it('accepts 22.16 and every later release', () => {
    for (const version of ['22.16.0', '22.20.1', '23.11.0', '24.21.0', '30.1.2'])
      assert.ok(isSupportedNode(version))
  })

  it('refuses Node 20 and the 22 releases whose node:sqlite lacks what the store uses', () => {
    for (const version of ['20.20.2', '22.12.0', '22.15.1', '21.7.3', '18.0.0'])
      assert.equal(isSupportedNode(version), false)
  })
})

describe('the minimum Node.js version', () => {
  it('is the one package.json engines declares', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
    assert.equal(manifest.engines.node, `>=${MINIMUM_NODE}`)
  })
})
