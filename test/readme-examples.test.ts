import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..')
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The README's section under `heading`, up to the next second-level heading. */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`)
  assert.notEqual(start, -1, `README has no "${heading}"`)
  const end = README.indexOf('\n## ', start + heading.length + 2)
  return README.slice(start, end === -1 ? undefined : end)
}

const BLOCK = /(?:<!-- file: (\S+) -->\n)?```ts\n([\s\S]*?)```/g

describe('README: the library section shows files that compile', () => {
  const blocks = [...section('## As a library').matchAll(BLOCK)]

  it('shows every framework', () => {
    const files = blocks.map((block) => block[1])
    for (const name of ['fastify', 'express', 'hono', 'web'])
      assert.ok(files.includes(`examples/${name}/app.ts`), name)
  })

  it('marks every TypeScript block with the example file it is (tsc type-checks examples/)', () => {
    assert.deepEqual(
      blocks.filter((block) => block[1] === undefined).map((block) => block[2]),
      [],
    )
  })

  for (const block of blocks.filter((b) => b[1] !== undefined)) {
    it(`shows ${block[1]} exactly as it is`, () => {
      assert.equal(block[2], readFileSync(join(ROOT, block[1] as string), 'utf8'))
    })
  }
})
