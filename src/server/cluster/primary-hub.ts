import {
  type AttemptCounter,
  MemoryAttemptCounter,
  type WindowCount,
} from '../../core/throttle/attempt-counter.ts'
import { asWorkerMessage, type PrimaryMessage, type WorkerMessage } from './messages.ts'

/** A worker as the primary sees it. */
export interface HubPeer {
  readonly id: number
  send(message: PrimaryMessage): void
}

/**
 * The primary's side of the workers' IPC: passes each worker's revocations to every other worker, and keeps the
 * login-failure counters for all of them (one `MemoryAttemptCounter`, so the limits count attempts on every worker
 * together). It holds no other state: a worker restarted later catches up on revocations from the database, as
 * every instance does at start-up.
 *
 * @example
 * const hub = new PrimaryHub(() => Object.values(cluster.workers ?? {}).map(toPeer))
 * cluster.on('message', (worker, message) => hub.receive(toPeer(worker), message))
 */
export class PrimaryHub {
  readonly #peers: () => Iterable<HubPeer>
  readonly #counter: AttemptCounter

  constructor(peers: () => Iterable<HubPeer>, counter: AttemptCounter = new MemoryAttemptCounter()) {
    this.#peers = peers
    this.#counter = counter
  }

  /** Handles one message from `from`; anything that is not a Latchkey message is ignored. */
  receive(from: HubPeer, raw: unknown): void {
    const message = asWorkerMessage(raw)
    if (message === undefined) return
    if (message.latchkey === 'revocations') {
      for (const peer of this.#peers())
        if (peer.id !== from.id) peer.send({ latchkey: 'revocations', revocations: message.revocations })
      return
    }
    void this.#count(message).then(
      (count) => from.send({ latchkey: 'attempts-result', id: message.id, count }),
      (error: unknown) => from.send({ latchkey: 'attempts-error', id: message.id, error: String(error) }),
    )
  }

  async #count(message: Extract<WorkerMessage, { latchkey: 'attempts' }>): Promise<WindowCount> {
    if (message.op === 'hit') return this.#counter.hit(message.key, message.windowMs, message.now)
    if (message.op === 'peek') return this.#counter.peek(message.key, message.now)
    await this.#counter.reset(message.key)
    return { count: 0, resetAt: 0 }
  }
}
