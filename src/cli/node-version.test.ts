import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isSupportedNode } from './node-version.ts'

describe('the Node.js versions the CLI accepts', () => {
  it('accepts 22.13 and every later release', () => {
    for (const version of ['22.13.0', '22.20.1', '23.0.0', '24.21.0', '30.1.2'])
      assert.ok(isSupportedNode(version))
  })

  it('refuses Node 20 and the 22 releases before node:sqlite loaded without a flag', () => {
    for (const version of ['20.20.2', '22.12.0', '21.7.3', '18.0.0'])
      assert.equal(isSupportedNode(version), false)
  })
})
