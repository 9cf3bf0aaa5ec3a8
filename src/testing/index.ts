/**
 * `latchkey/testing`: the store conformance suite. A store implementation — Latchkey's own or a third party's — is
 * correct when it passes it; it runs on `node:test` and `node:assert`, and needs nothing else.
 *
 * @example
 * // my-store.test.ts, run with `node --test`
 * import { storeConformanceSuite } from 'latchkey/testing'
 * import { createMyStores } from './my-store.ts'
 *
 * storeConformanceSuite('my store', async () => {
 *   const stores = createMyStores()
 *   await stores.migrate()
 *   return stores
 * })
 */
export { type OpenedStores, storeConformanceSuite } from './store-conformance.ts'
