import type { Clock } from '../clock.ts'

/**
 * Where the service clock is kept, shared by every instance on one database and persisted, so neither a crash nor
 * a restart loses it.
 */
export interface ServiceClockStore {
  /**
   * One conditional statement: records that the service answered at `now` (the last beat never moves backwards, so
   * an instance with a slow clock changes nothing). When `resuming` — the first beat of a process, or the first
   * after failed ones — the time since the last beat of any instance is added to the offset first: no instance beat
   * in between, so none could answer. A second instance resuming just after the first adds (almost) nothing.
   * Returns the offset.
   */
  beat(now: number, resuming: boolean): Promise<number>
}

/**
 * Service time: wall time minus the time during which the service could not answer — all instances down (a crash,
 * a restart) or the database unreachable. The refresh grace window is measured on it, so a client whose rotation
 * committed just before an outage, and whose answer was lost in it, still gets its grace when service resumes,
 * however long the outage; while the service answers, service time runs exactly as wall time, so two holders of
 * one token who keep refreshing are caught within one grace window, as before.
 *
 * Instances beat every second while they reach the database (`startServiceHeartbeat`). The gap between the last
 * beat before an interruption and the first after it counts as outage: at most one beat interval more than the true
 * outage, so the grace is never shorter than promised, and at most a second longer.
 *
 * @example
 * const serviceClock = new ServiceClock(stores.serviceClock, systemClock)
 * await serviceClock.beat()
 * const serviceNow = await serviceClock.now()
 */
export class ServiceClock {
  readonly #store: ServiceClockStore | undefined
  readonly #clock: Clock
  #offset = 0
  #resuming = true

  constructor(store: ServiceClockStore | undefined, clock: Clock) {
    this.#store = store
    this.#clock = clock
  }

  /** Records that this instance reaches the database now; throws (and marks an outage) when it does not. */
  async beat(): Promise<void> {
    if (this.#store === undefined) return
    try {
      this.#offset = await this.#store.beat(this.#clock.now(), this.#resuming)
      this.#resuming = false
    } catch (error) {
      this.#resuming = true
      throw error
    }
  }

  /** Whether the last beat failed: the instance has not reached the database since. */
  get resuming(): boolean {
    return this.#store !== undefined && this.#resuming
  }

  /**
   * The current service time. After an outage the first call beats first, so the outage is counted before any
   * grace is judged on it (and a database still unreachable fails here, before anything is written).
   */
  async now(): Promise<number> {
    if (this.resuming) await this.beat()
    return this.#clock.now() - this.#offset
  }
}
