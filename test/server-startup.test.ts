import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli, spawnServer } from './helpers/spawn-server.ts'

const STRONG_SECRET = 'Zq3xV8pL2mK9wR4tY7uE1oI6aS5dF0gH-jNcBvXz_QwErTy'

/** Every line of a stream that must be pino JSON, parsed; fails on any plain-text line. */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>
      } catch {
        return assert.fail(`a plain-text line in the log stream: ${line}`)
      }
    })
}

describe('server start-up and shutdown', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-startup-'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('logs only JSON: start, the development pages, the first-user hint, SIGTERM, drain and exit', async () => {
    const server = await spawnServer({
      LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'dev.sqlite')}`,
      LATCHKEY_SHUTDOWN_DRAIN: '0s',
    })
    await fetch(`${server.url}/healthz`)
    assert.equal(await server.stop('SIGTERM'), 0)
    const lines = jsonLines(server.output())
    const events = lines.map((line) => line.event)
    for (const event of [
      'server_started',
      'development_urls',
      'first_user_hint',
      'shutdown_started',
      'shutdown_complete',
    ])
      assert.ok(events.includes(event), `${event} missing from ${JSON.stringify(events)}`)
    const urls = lines.find((line) => line.event === 'development_urls')
    assert.equal(urls?.demo, `${server.url}/`)
    assert.equal(urls?.docs, `${server.url}/docs/`)
    assert.ok(
      lines.some((line) => line.msg === 'incoming request' && line.level === 30),
      'requests at info in development',
    )
    assert.equal(lines.find((line) => line.event === 'shutdown_started')?.signal, 'SIGTERM')
  })

  it('in production prints no development pages or hint, and request lines only at debug', async () => {
    const env = {
      NODE_ENV: 'production',
      LATCHKEY_SECRET_KEY: STRONG_SECRET,
      LATCHKEY_COOKIE_SECURE: 'true',
      LATCHKEY_ALLOWED_HOSTS: '127.0.0.1',
      LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'prod.sqlite')}`,
      LATCHKEY_SHUTDOWN_DRAIN: '0s',
    }
    const quiet = await spawnServer(env)
    await fetch(`${quiet.url}/healthz`)
    await quiet.stop()
    const lines = jsonLines(quiet.output())
    assert.ok(lines.some((line) => line.event === 'server_started'))
    assert.ok(!lines.some((line) => line.event === 'development_urls' || line.event === 'first_user_hint'))
    assert.ok(!quiet.output().includes('createuser'))
    assert.ok(!lines.some((line) => line.msg === 'incoming request'), 'no request line at info')

    const verbose = await spawnServer({ ...env, LATCHKEY_LOG_LEVEL: 'debug' })
    await fetch(`${verbose.url}/healthz`)
    await verbose.stop()
    const debugLines = jsonLines(verbose.output())
    assert.ok(debugLines.some((line) => line.msg === 'incoming request' && line.level === 20))
  })

  it('stops with exit status 2 and one line naming LATCHKEY_PORT when the port is in use', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const result = await runCli(['serve'], {
        LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'port.sqlite')}`,
        LATCHKEY_PORT: String(port),
      })
      assert.equal(result.code, 2)
      assert.equal(
        result.stderr,
        `LATCHKEY_PORT: port ${port} on 127.0.0.1 is already in use; stop the other process or choose another LATCHKEY_PORT\n`,
      )
    } finally {
      blocker.close()
    }
  })

  it('stops with exit status 2 and one line naming LATCHKEY_HOST when the host name does not resolve', async () => {
    const result = await runCli(['serve'], {
      LATCHKEY_DATABASE_URL: `sqlite:${join(dir, 'host.sqlite')}`,
      LATCHKEY_HOST: 'not-a-host.invalid',
    })
    assert.equal(result.code, 2)
    // RFC 6761 §6.4: .invalid never resolves.
    assert.equal(
      result.stderr,
      'LATCHKEY_HOST: the host name not-a-host.invalid does not resolve; use an IP address such as 127.0.0.1 or 0.0.0.0\n',
    )
  })

  it('waits for an unreachable database for LATCHKEY_DB_CONNECT_TIMEOUT, then stops with one line naming the cause', async () => {
    const result = await runCli(['serve'], {
      LATCHKEY_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test',
      LATCHKEY_DB_CONNECT_TIMEOUT: '1s',
      LATCHKEY_SECRET_KEY: 's',
    })
    assert.equal(result.code, 2)
    assert.match(
      result.stderr,
      /^LATCHKEY_DATABASE_URL: the database at postgres:\/\/\*\*\*@127\.0\.0\.1:1\/test is unreachable \(connect ECONNREFUSED 127\.0\.0\.1:1\); gave up after 1s \(LATCHKEY_DB_CONNECT_TIMEOUT\)\n$/,
    )
    const retries = jsonLines(result.stdout).filter((line) => line.event === 'database_unreachable')
    assert.ok(retries.length >= 2, 'retried with backoff, each wait logged')
  })

  it('reports every configuration problem at once, exit status 2, no stack trace', async () => {
    const result = await runCli(['serve'], {
      LATCHKEY_LOG_LEVEL: 'verbose',
      LATCHKEY_TRUST_PROXY: 'maybe',
      LATCHKEY_COOKIE_SECUR: 'true',
      NODE_ENV: 'prod',
    })
    assert.equal(result.code, 2)
    for (const name of ['LATCHKEY_LOG_LEVEL', 'LATCHKEY_TRUST_PROXY', 'LATCHKEY_COOKIE_SECUR', 'NODE_ENV'])
      assert.match(result.stderr, new RegExp(`^  - ${name}: `, 'm'))
    assert.doesNotMatch(result.stderr, /^\s+at /m)
  })
})
