import type { AttemptCounter, WindowCount } from '../../core/throttle/attempt-counter.ts'
import type { IpcChannel } from './ipc-channel.ts'
import type { WorkerMessage } from './messages.ts'

interface Pending {
  resolve(count: WindowCount): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/**
 * Login-failure counters kept by the cluster's primary for all of its workers, so a limit of N is N on the machine
 * whichever worker each attempt reaches, as Redis makes it N across machines. Each call is one IPC round trip; a
 * call unanswered within `timeoutMs` (or made once the primary is gone) fails, and `FallbackAttemptCounter` then
 * counts in the worker instead of lifting the limit.
 *
 * @example
 * const attempts = new FallbackAttemptCounter(new IpcAttemptCounter(primaryChannel()), logger)
 */
export class IpcAttemptCounter implements AttemptCounter {
  readonly #channel: IpcChannel
  readonly #timeoutMs: number
  readonly #pending = new Map<number, Pending>()
  #nextId = 1

  constructor(channel: IpcChannel, timeoutMs = 1000) {
    this.#channel = channel
    this.#timeoutMs = timeoutMs
    channel.onMessage((message) => {
      if (message.latchkey === 'revocations') return
      const pending = this.#pending.get(message.id)
      if (pending === undefined) return
      this.#settle(message.id)
      if (message.latchkey === 'attempts-result') pending.resolve(message.count)
      else pending.reject(new Error(message.error))
    })
    channel.onDisconnect(() => {
      for (const [id, pending] of this.#pending) {
        this.#settle(id)
        pending.reject(new Error('the cluster primary is unreachable'))
      }
    })
  }

  hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    return this.#call('hit', key, windowMs, now)
  }

  peek(key: string, now: number): Promise<WindowCount> {
    return this.#call('peek', key, 0, now)
  }

  async reset(key: string): Promise<void> {
    await this.#call('reset', key, 0, 0)
  }

  #settle(id: number): void {
    const pending = this.#pending.get(id)
    if (pending === undefined) return
    clearTimeout(pending.timer)
    this.#pending.delete(id)
  }

  #call(op: 'hit' | 'peek' | 'reset', key: string, windowMs: number, now: number): Promise<WindowCount> {
    const id = this.#nextId++
    const message: WorkerMessage = { latchkey: 'attempts', id, op, key, windowMs, now }
    return new Promise<WindowCount>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(id)
        reject(new Error(`the cluster primary did not answer within ${this.#timeoutMs} ms`))
      }, this.#timeoutMs)
      this.#pending.set(id, { resolve, reject, timer })
      if (!this.#channel.send(message)) {
        this.#settle(id)
        reject(new Error('the cluster primary is unreachable'))
      }
    })
  }
}
