import type { Clock } from '../../src/core/clock.ts'

/** A clock tests move by hand: expiry and grace windows are tested exactly, never by sleeping. */
export class ManualClock implements Clock {
  #now: number
  constructor(start = Date.UTC(2026, 10, 22, 10, 11, 3)) {
    this.#now = start
  }
  now(): number {
    return this.#now
  }
  advance(ms: number): void {
    this.#now += ms
  }
}
