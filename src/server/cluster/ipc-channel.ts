import { asPrimaryMessage, type PrimaryMessage, type WorkerMessage } from './messages.ts'

/** A worker's end of the IPC channel to the cluster's primary. */
export interface IpcChannel {
  /** Sends to the primary; false when the channel is closed (the message is dropped). */
  send(message: WorkerMessage): boolean
  /** Calls `listener` with each Latchkey message from the primary; returns a function that stops. */
  onMessage(listener: (message: PrimaryMessage) => void): () => void
  /** Calls `listener` once the channel closes (the primary is gone). */
  onDisconnect(listener: () => void): void
  connected(): boolean
}

/**
 * The channel `node:cluster` gives a worker process (`process.send` and its `message` events).
 *
 * @example
 * const channel = primaryChannel()
 * channel.send({ latchkey: 'revocations', revocations: [{ sessionId, until }] })
 */
export function primaryChannel(proc: NodeJS.Process = process): IpcChannel {
  return {
    send(message) {
      if (proc.send === undefined || !proc.connected) return false
      // The callback takes a send error (the channel closing meanwhile) instead of an 'error' event on process.
      return proc.send(message, undefined, {}, () => {})
    },
    onMessage(listener) {
      const handler = (raw: unknown) => {
        const message = asPrimaryMessage(raw)
        if (message !== undefined) listener(message)
      }
      proc.on('message', handler)
      return () => proc.off('message', handler)
    },
    onDisconnect(listener) {
      proc.once('disconnect', listener)
    },
    connected: () => proc.send !== undefined && proc.connected,
  }
}
