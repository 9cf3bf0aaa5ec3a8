/** At most `limit` tasks at once; the rest wait their turn, first come first served. */
export class Semaphore {
  #available: number
  readonly #waiting: (() => void)[] = []

  constructor(limit: number) {
    this.#available = Math.max(1, Math.floor(limit))
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#available > 0) this.#available--
    else await new Promise<void>((resolve) => this.#waiting.push(resolve))
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      if (next) next()
      else this.#available++
    }
  }

  /** Tasks waiting for a turn (for tests and metrics). */
  get queued(): number {
    return this.#waiting.length
  }
}
