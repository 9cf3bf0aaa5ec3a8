import type { Revocation } from '../../core/sessions/revocation-bus.ts'
import type { WindowCount } from '../../core/throttle/attempt-counter.ts'

/**
 * What a worker and the primary say to each other over the cluster's IPC channel. Every message carries a
 * `latchkey` tag, so messages of other kinds (Node's own, an embedding application's) are told apart and ignored.
 */
export type WorkerMessage =
  /** Sessions this worker revoked: the primary passes them to every other worker. */
  | { readonly latchkey: 'revocations'; readonly revocations: readonly Revocation[] }
  /** One call on the attempt counter the primary keeps for all workers; answered by an `attempts-result`. */
  | {
      readonly latchkey: 'attempts'
      readonly id: number
      readonly op: 'hit' | 'peek' | 'reset'
      readonly key: string
      readonly windowMs: number
      readonly now: number
    }

export type PrimaryMessage =
  | { readonly latchkey: 'revocations'; readonly revocations: readonly Revocation[] }
  | { readonly latchkey: 'attempts-result'; readonly id: number; readonly count: WindowCount }
  | { readonly latchkey: 'attempts-error'; readonly id: number; readonly error: string }

function tagged(message: unknown): message is { latchkey: unknown } {
  return typeof message === 'object' && message !== null && 'latchkey' in message
}

/** A worker's message, or undefined for anything else on the channel. */
export function asWorkerMessage(message: unknown): WorkerMessage | undefined {
  if (!tagged(message)) return undefined
  if (message.latchkey === 'revocations' || message.latchkey === 'attempts') return message as WorkerMessage
  return undefined
}

/** The primary's message, or undefined for anything else on the channel. */
export function asPrimaryMessage(message: unknown): PrimaryMessage | undefined {
  if (!tagged(message)) return undefined
  const tag = message.latchkey
  if (tag === 'revocations' || tag === 'attempts-result' || tag === 'attempts-error')
    return message as PrimaryMessage
  return undefined
}
