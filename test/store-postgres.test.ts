import { openPostgresTestStores } from './helpers/postgres.ts'
import { storeConformanceSuite } from './store-conformance.ts'

storeConformanceSuite('postgres (pool of 10)', () => openPostgresTestStores(10))
