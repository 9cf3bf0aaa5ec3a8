import type { ServiceClockStore } from '../../core/sessions/service-clock.ts'

/**
 * The service clock in memory: the same rule as the SQL row (`src/core/sessions/service-clock.ts`), for one process.
 *
 * @example
 * const offset = await createMemoryServiceClockStore().beat(Date.now(), true)
 */
export function createMemoryServiceClockStore(): ServiceClockStore {
  let offset = 0
  let lastBeat: number | null = null
  return {
    async beat(now, resuming) {
      if (resuming && lastBeat !== null && lastBeat < now) offset += now - lastBeat
      if (lastBeat === null || lastBeat < now) lastBeat = now
      return offset
    },
  }
}
