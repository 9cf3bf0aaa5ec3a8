import { createMemoryStores } from '../src/stores/memory/index.ts'
import { storeConformanceSuite } from './store-conformance.ts'

storeConformanceSuite('memory', async () => createMemoryStores())
