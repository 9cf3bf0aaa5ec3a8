export interface BackoffPolicy {
  /** A worker that ran at least this long had been healthy: it is restarted at once. */
  readonly stableAfterMs: number
  /** The wait after the first quick death; doubled after each further one. */
  readonly firstDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { stableAfterMs: 10_000, firstDelayMs: 250, maxDelayMs: 30_000 }

/**
 * When to restart a worker that died. One that had been running for a while restarts at once; one that dies
 * again soon after starting (a crash loop: the database unreachable at start-up, a bad deploy) waits 250 ms, then
 * 0.5 s, 1 s, 2 s … up to 30 s, so a loop costs a few forks a minute instead of a busy core. Kept per worker slot,
 * so one slot's loop does not delay another's restart.
 *
 * @example
 * const backoff = new RestartBackoff()
 * setTimeout(() => cluster.fork(), backoff.delayAfter(Date.now() - startedAt))
 */
export class RestartBackoff {
  readonly #policy: BackoffPolicy
  #quickDeaths = 0

  constructor(policy: BackoffPolicy = DEFAULT_BACKOFF) {
    this.#policy = policy
  }

  /** The wait before restarting a worker that ran for `ranMs` before it died. */
  delayAfter(ranMs: number): number {
    if (ranMs >= this.#policy.stableAfterMs) {
      this.#quickDeaths = 0
      return 0
    }
    this.#quickDeaths++
    return Math.min(this.#policy.maxDelayMs, this.#policy.firstDelayMs * 2 ** (this.#quickDeaths - 1))
  }
}
