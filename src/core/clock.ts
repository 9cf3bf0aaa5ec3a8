/** Where the core gets the time from. Every expiry, window and timestamp reads it, so tests can drive time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

/** The wall clock (`Date.now()`): the default; tests pass a clock they move by hand. */
export const systemClock: Clock = { now: () => Date.now() }
