import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { AuthClientError, createAuthClient, SERVER_ERROR_CODES } from '../../src/client/index.ts'
import { ERROR_STATUS } from '../../src/core/errors.ts'
import { CookieJar } from './helpers/cookie-jar.ts'

const CLIENT_DIR = join(import.meta.dirname, '..', '..', 'src', 'client')

describe('latchkey/client boundaries', () => {
  it("knows exactly the server's error codes", () => {
    assert.deepEqual([...SERVER_ERROR_CODES].sort(), Object.keys(ERROR_STATUS).sort())
  })

  it('imports nothing but its own files: no package, no node: module', () => {
    const offences: string[] = []
    for (const name of readdirSync(CLIENT_DIR).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(CLIENT_DIR, name), 'utf8')
      const statements =
        /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s*\(?\s*['"]([^'"]+)['"]/gm
      for (const match of text.matchAll(statements)) {
        const specifier = (match[1] ?? match[2]) as string
        if (!/^\.\/[\w-]+\.ts$/.test(specifier)) offences.push(`${name} imports ${specifier}`)
      }
      if (/\b(process|Buffer|require)\s*[.(]/.test(text)) offences.push(`${name} uses a Node global`)
    }
    assert.deepEqual(offences, [])
  })

  it('sends no credentials, CSRF token or Bearer token to another origin', async () => {
    let seen: IncomingHttpHeaders = {}
    const other = createServer((request, response) => {
      seen = request.headers
      response.end('{}')
    })
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const port = (other.address() as { port: number }).port
    const jar = new CookieJar()
    jar.store(new Response(null, { headers: [['set-cookie', 'csrftoken=abc; Path=/']] }))
    const auth = createAuthClient({
      baseUrl: 'http://localhost:1',
      mode: 'memory',
      fetch: jar.fetch,
      readCookies: jar.documentCookie,
    })
    try {
      const response = await auth.fetch(`http://127.0.0.1:${port}/elsewhere`, { method: 'POST', body: 'x' })
      assert.equal(response.status, 200)
      assert.equal(seen['x-csrftoken'], undefined)
      assert.equal(seen.authorization, undefined)
    } finally {
      auth.close()
      other.close()
    }
  })

  it('turns an unreachable server into network_error with status 0', async () => {
    const auth = createAuthClient({ baseUrl: 'http://127.0.0.1:1', broadcast: false })
    try {
      await assert.rejects(auth.me(), (error) => {
        assert.ok(error instanceof AuthClientError)
        assert.equal(error.code, 'network_error')
        assert.equal(error.status, 0)
        return true
      })
    } finally {
      auth.close()
    }
  })

  it('refuses an unknown mode and needs a baseUrl outside a page', () => {
    assert.throws(() => createAuthClient({ baseUrl: 'http://x', mode: 'local' as 'cookie' }), /unknown mode/)
    assert.throws(() => createAuthClient({}), /baseUrl is required/)
  })
})
