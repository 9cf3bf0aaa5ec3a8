import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const HERE = import.meta.dirname

describe('latchkey/testing', () => {
  it('imports only node:test, node:assert and types of the core, so a third-party store needs nothing else', () => {
    const offences: string[] = []
    for (const name of readdirSync(HERE).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    )) {
      const text = readFileSync(join(HERE, name), 'utf8')
      for (const [line, specifier] of text.matchAll(
        /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm,
      )) {
        const allowed =
          /^node:(test|assert|assert\/strict)$/.test(specifier ?? '') ||
          (specifier ?? '').startsWith('./') ||
          (/^\s*(import|export) type\s/.test(line) && (specifier ?? '').startsWith('../core/'))
        if (!allowed) offences.push(`${name}: ${line.trim()}`)
      }
    }
    assert.deepEqual(offences, [])
  })
})
