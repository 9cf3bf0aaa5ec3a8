import type { Revocation, RevocationBus } from '../../core/sessions/revocation-bus.ts'
import type { IpcChannel } from './ipc-channel.ts'

/**
 * Revocations between the workers of one `latchkey serve --workers N`, without Redis: a worker sends what it
 * revoked to the primary, which passes it to every other worker (`PrimaryHub`). The IPC pipe delivers in order and
 * loses nothing while the primary lives, so revocation reaches every worker in about a millisecond; when the channel
 * closes the bus reports itself unhealthy and revocation sync falls back to polling the database each second.
 *
 * @example
 * const bus = new IpcRevocationBus(primaryChannel())
 * await createServer({ options, stores, bus })
 */
export class IpcRevocationBus implements RevocationBus {
  /** It reaches this machine's workers only: instances elsewhere are still read from the database each second. */
  readonly local = true
  readonly #channel: IpcChannel
  #stop: (() => void) | undefined

  constructor(channel: IpcChannel) {
    this.#channel = channel
  }

  async publish(revocations: readonly Revocation[]): Promise<void> {
    if (!this.#channel.send({ latchkey: 'revocations', revocations }))
      throw new Error('the cluster primary is unreachable')
  }

  async subscribe(
    onRevoked: (revocation: Revocation) => void,
    onHealth: (healthy: boolean) => void,
  ): Promise<void> {
    this.#stop = this.#channel.onMessage((message) => {
      if (message.latchkey === 'revocations')
        for (const revocation of message.revocations) onRevoked(revocation)
    })
    this.#channel.onDisconnect(() => onHealth(false))
    onHealth(this.#channel.connected())
  }

  async close(): Promise<void> {
    this.#stop?.()
  }
}
