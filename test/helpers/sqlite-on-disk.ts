import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPasswordHasher } from '../../src/core/passwords/password-hasher.ts'
import { openStores } from '../../src/server/open-stores.ts'
import { ALICE, FAST_HASHING } from './test-server.ts'

/**
 * A migrated SQLite database file, in a fresh folder under the system's temporary one, with alice in it: for the
 * servers a test spawns, which open it by URL in processes of their own (an in-memory database would not be shared).
 * The test removes `dir` when done.
 *
 * @example const { dir, databaseUrl } = await sqliteWithAlice('latchkey-workers-')
 */
export async function sqliteWithAlice(prefix: string): Promise<{ dir: string; databaseUrl: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const databaseUrl = `sqlite:${join(dir, 'latchkey.sqlite')}`
  try {
    const stores = await openStores(databaseUrl)
    await stores.migrate()
    const hasher = createPasswordHasher(FAST_HASHING)
    await stores.users.create(
      { username: ALICE.username, passwordHash: await hasher.hash(ALICE.password) },
      Date.now(),
    )
    await stores.close()
  } catch (error) {
    // The caller never learns `dir` when this fails: remove it here.
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return { dir, databaseUrl }
}
