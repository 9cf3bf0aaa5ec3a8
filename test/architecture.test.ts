import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [
    ...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm),
  ].map((match) => (match[1] ?? match[2]) as string)
}

/** Where an import lands, relative to the repository root, or the package name for a bare import. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier
  return relative(ROOT, join(ROOT, file, '..', specifier))
}

const FRAMEWORKS_AND_DRIVERS =
  /^(fastify|@fastify\/|fastify-plugin|kysely|pg|ioredis|node:sqlite|express|hono)/

describe('architecture: imports point inward', () => {
  it('src/core imports no web framework, no database driver and no outer layer', () => {
    const offences: string[] = []
    for (const file of sourceFiles('src/core')) {
      for (const specifier of importsOf(file)) {
        const to = target(file, specifier)
        if (FRAMEWORKS_AND_DRIVERS.test(to) || (to.startsWith('src/') && !to.startsWith('src/core/')))
          offences.push(`${file} imports ${specifier}`)
      }
    }
    assert.deepEqual(offences, [])
  })

  it('src/stores imports no web framework and nothing of the adapters, server or CLI', () => {
    const offences: string[] = []
    for (const file of sourceFiles('src/stores')) {
      for (const specifier of importsOf(file)) {
        const to = target(file, specifier)
        if (/^(fastify|@fastify\/|express|hono)/.test(to) || /^src\/(adapters|server|cli)\//.test(to))
          offences.push(`${file} imports ${specifier}`)
      }
    }
    assert.deepEqual(offences, [])
  })

  it('src/adapters import only the core (and latchkey/web, which the Hono adapter wraps): no store, no server', () => {
    const offences = sourceFiles('src/adapters').flatMap((file) => {
      const own = file.split('/').slice(0, 3).join('/')
      return importsOf(file)
        .filter((specifier) => {
          const to = target(file, specifier)
          if (/^(kysely|pg|ioredis|node:sqlite)$/.test(specifier)) return true
          if (!to.startsWith('src/') || to.startsWith('src/core/') || to.startsWith(`${own}/`)) return false
          return !to.startsWith('src/adapters/web/')
        })
        .map((specifier) => `${file} imports ${specifier}`)
    })
    assert.deepEqual(offences, [])
  })

  it('the example apps import Latchkey by its package name, as a user would', () => {
    const offences = sourceFiles('examples')
      // The mains' shared start-up reuses the server's environment reader, so `npm run example` reads what
      // `latchkey serve` reads; the apps themselves see only the package.
      .filter((file) => file !== 'examples/shared/deployment.ts')
      .flatMap((file) =>
        importsOf(file)
          .filter((specifier) => target(file, specifier).startsWith('src/'))
          .map((specifier) => `${file} imports ${specifier}`),
      )
    assert.deepEqual(offences, [])
  })

  it('detects an outward import (the check itself can fail)', () => {
    assert.equal(
      target('src/core/flows/login.ts', '../../adapters/fastify/plugin.ts'),
      'src/adapters/fastify/plugin.ts',
    )
    assert.deepEqual(importsOf('src/adapters/fastify/plugin.ts').includes('fastify-plugin'), true)
  })
})
