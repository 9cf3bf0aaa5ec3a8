import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { storeConformanceSuite } from './store-conformance.ts'

storeConformanceSuite('sqlite (file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-'))
  const stores = createSqliteStores(join(dir, 'nested', 'latchkey.sqlite'))
  await stores.migrate()
  return {
    ...stores,
    async close() {
      await stores.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})

storeConformanceSuite('sqlite (:memory:)', async () => {
  const stores = createSqliteStores(':memory:')
  await stores.migrate()
  return stores
})
