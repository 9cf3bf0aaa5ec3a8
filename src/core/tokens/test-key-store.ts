import type { KeyStore, StoredKey } from './key-store.ts'

/** A KeyStore in an array, for the keyring's unit tests (the conformance suite covers the real stores). */
export function createMemoryStoresForTest(): KeyStore {
  let keys: StoredKey[] = []
  return {
    list: async () => [...keys].sort((a, b) => a.activatesAt - b.activatesAt),
    insert: async (key) => {
      keys.push(key)
    },
    scheduleRetirement: async (activatedBefore, retiresAt) => {
      keys = keys.map((k) =>
        k.activatesAt < activatedBefore && k.retiresAt === null ? { ...k, retiresAt } : k,
      )
    },
  }
}
