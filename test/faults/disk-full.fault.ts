import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Logger } from '../../src/core/logger.ts'
import { createServer } from '../../src/server/create-server.ts'
import { createSqliteStores } from '../../src/stores/sqlite/index.ts'
import { FAST_HASHING, SECRET } from '../helpers/test-server.ts'
import { FaultClient, seedUsers, Tally } from './fault-clients.ts'

/** A small tmpfs needs root (mount); elsewhere the test says why it skips. */
function mountTmpfs(path: string): boolean {
  if (process.getuid?.() !== 0) return false
  try {
    mkdirSync(path, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', path], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Writes zeros until the file system is full; returns the filler's path. */
function fill(dir: string): string {
  const path = join(dir, 'filler')
  const fd = openSync(path, 'w')
  const block = Buffer.alloc(64 * 1024)
  try {
    for (;;) writeSync(fd, block)
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd)
  }
  return path
}

const mountPoint = join(tmpdir(), `latchkey-full-${process.pid}`)
const mounted = mountTmpfs(mountPoint)

describe('faults: a full disk under SQLite', () => {
  it('answers 503 (never 500) while the disk is full, logs the real cause, and recovers without a restart', {
    skip: mounted ? false : 'needs root to mount a small tmpfs: run the fault suite as root to include it',
  }, async (t) => {
    const lines: string[] = []
    const logger: Logger = {
      info: () => {},
      warn: (fields) => lines.push(JSON.stringify(fields)),
      error: (fields) => lines.push(JSON.stringify(fields)),
    }
    const stores = createSqliteStores(join(mountPoint, 'latchkey.sqlite'))
    await stores.migrate()
    const server = await createServer({
      options: { secretKey: SECRET, passwordHashing: FAST_HASHING },
      stores,
      logger,
    })
    try {
      await server.app.listen({ host: '127.0.0.1', port: 0 })
      const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
      const tally = new Tally()
      const clients: FaultClient[] = []
      for (const username of await seedUsers(stores.users, 5, 'disk')) {
        const client = new FaultClient(username, tally, 5000)
        await client.login(base)
        clients.push(client)
      }
      const filler = fill(mountPoint)
      // Logins write a session row each: on a full disk they must fail cleanly.
      for (let i = 0; i < 200 && tally.unavailable === 0; i++) {
        for (const client of clients) {
          await client.refresh(base)
          await client.login(base).catch(() => {})
        }
      }
      assert.ok(tally.unavailable > 0, 'the full disk was felt')
      assert.equal(tally.serverErrors, 0, 'no 5xx but 503')
      assert.equal(tally.loggedOut, 0, 'nobody logged out')
      const causes = lines.filter((line) => line.includes('dependency_unavailable'))
      assert.ok(causes.length > 0)
      assert.ok(
        causes.every((line) => !line.includes('cannot rollback')),
        'the cause, not the rollback',
      )
      assert.ok(
        causes.some((line) => /full/i.test(line)),
        causes[0],
      )
      rmSync(filler)
      for (const client of clients)
        assert.equal(await client.refresh(base), 200, 'recovered without a restart')
      t.diagnostic(tally.summary('SQLite on a full disk'))
    } finally {
      await server.app.close()
      await stores.close()
    }
  })
})

process.on('exit', () => {
  if (!mounted) return
  try {
    execFileSync('umount', [mountPoint], { stdio: 'ignore' })
    rmdirSync(mountPoint)
  } catch {
    // Left for the OS to clean.
  }
})
