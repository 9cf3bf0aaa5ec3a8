import type { KeyStore, StoredKey } from '../../core/tokens/key-store.ts'

/** Signing keys in an array, ordered by activation as the SQL stores return them. */
export function createMemoryKeyStore(): KeyStore {
  let keys: StoredKey[] = []
  return {
    async list() {
      return [...keys].sort((a, b) => a.activatesAt - b.activatesAt)
    },
    async insert(key) {
      keys.push(key)
    },
    async scheduleRetirement(activatedBefore, retiresAt) {
      keys = keys.map((k) =>
        k.activatesAt < activatedBefore && k.retiresAt === null ? { ...k, retiresAt } : k,
      )
    },
  }
}
