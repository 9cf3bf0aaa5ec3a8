import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..')

/** An exported name, where it is declared and the doc comment right above the declaration. */
interface Declaration {
  readonly file: string
  readonly doc: string | undefined
}

type ReadFile = (file: string) => string

const IDENT = '[A-Za-z_$][\\w$]*'
const DECLARATION = new RegExp(
  `^export\\s+(?:declare\\s+)?(?:async\\s+)?(?:function\\*?|abstract\\s+class|class|const|let|interface|type)\\s+(${IDENT})`,
  'gm',
)
const NAMED_FROM = /^export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/gm
const STAR_FROM = /^export\s+(?:type\s+)?\*\s+from\s*['"]([^'"]+)['"]/gm

/** The `/** … *\/` block that ends right before `index` (whitespace apart), if there is one. */
function docBefore(text: string, index: number): string | undefined {
  const before = text.slice(0, index).trimEnd()
  if (!before.endsWith('*/')) return undefined
  const start = before.lastIndexOf('/**')
  return start === -1 ? undefined : before.slice(start)
}

/**
 * Every name a module exports, followed through `export { … } from` and `export * from` to its declaration. Reads
 * the sources, as TypeScript 7 has no compiler API to ask; a runtime cross-check below keeps this parser honest.
 */
export function exportedDeclarations(file: string, read: ReadFile): Map<string, Declaration> {
  const text = read(file)
  const found = new Map<string, Declaration>()
  for (const match of text.matchAll(DECLARATION))
    if (match[1] !== undefined) found.set(match[1], { file, doc: docBefore(text, match.index) })
  for (const match of text.matchAll(NAMED_FROM)) {
    const target = exportedDeclarations(resolve(dirname(file), match[2] ?? ''), read)
    for (const specifier of (match[1] ?? '').split(',')) {
      const [original, alias] = specifier
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)
        .map((part) => part.trim())
      if (original === undefined || original === '') continue
      const declaration = target.get(original)
      if (declaration === undefined) throw new Error(`${file}: ${original} is not exported by ${match[2]}`)
      found.set(alias ?? original, declaration)
    }
  }
  for (const match of text.matchAll(STAR_FROM))
    for (const [name, declaration] of exportedDeclarations(resolve(dirname(file), match[1] ?? ''), read))
      found.set(name, declaration)
  return found
}

/** What is missing for one export: a doc comment, and an `@example` where it can be called or constructed. */
export function missingDocs(name: string, declaration: Declaration, callable: boolean): string | undefined {
  if (declaration.doc === undefined) return `${name} (${declaration.file}) has no doc comment`
  if (callable && !declaration.doc.includes('@example'))
    return `${name} (${declaration.file}) is a function or class without an @example`
  return undefined
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>
}
const readSource: ReadFile = (file) => readFileSync(file, 'utf8')

describe('every public export is documented', () => {
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') continue
    const source = target['latchkey-source']
    const name = subpath.replace(/^\./, 'latchkey')
    it(`${name}: a doc comment on each export, an @example on each function and class`, async () => {
      assert.ok(source, `${subpath} names its source with the latchkey-source condition`)
      const file = join(ROOT, source)
      const declarations = exportedDeclarations(file, readSource)
      const values: Record<string, unknown> = await import(file)
      // The parser must see every value the module really exports, or an undocumented one could slip by.
      assert.deepEqual(
        Object.keys(values).filter((key) => !declarations.has(key)),
        [],
        'exports the parser did not find',
      )
      const problems = [...declarations].flatMap(([exported, declaration]) => {
        const problem = missingDocs(exported, declaration, typeof values[exported] === 'function')
        return problem === undefined ? [] : [problem]
      })
      assert.deepEqual(problems, [])
    })
  }

  it('fails on an export without a doc comment, and on a function without an @example', () => {
    const files: Record<string, string> = {
      '/p/index.ts': "export { a, type B } from './a.ts'\nexport * from './c.ts'\n",
      '/p/a.ts': '/** Documented. */\nexport function a() {}\nexport interface B {}\n',
      '/p/c.ts': '/**\n * @example c()\n */\nexport const c = () => 1\n',
    }
    const declarations = exportedDeclarations('/p/index.ts', (file) => files[file] ?? '')
    assert.deepEqual([...declarations.keys()].sort(), ['B', 'a', 'c'])
    const problems = [...declarations].map(([exported, declaration]) =>
      missingDocs(exported, declaration, exported !== 'B'),
    )
    assert.deepEqual(problems.sort(), [
      'B (/p/a.ts) has no doc comment',
      'a (/p/a.ts) is a function or class without an @example',
      undefined,
    ])
  })
})
