import { createMemoryStores } from '../src/stores/memory/index.ts'
import { storeConformanceSuite } from '../src/testing/index.ts'

storeConformanceSuite('memory', async () => createMemoryStores())
