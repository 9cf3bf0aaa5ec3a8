import { connect, createServer, type Server, type Socket } from 'node:net'

export type ProxyMode = 'up' | 'refuse' | 'stall' | 'slow'

/**
 * A TCP forwarder in front of PostgreSQL or Redis that a fault test owns: `refuse` resets every connection and
 * refuses new ones; `stall` keeps connections open but holds every byte (packets dropped, no reset — what a dead
 * network path looks like), delivering them when the proxy is `up` again; `slow` delays every chunk by `delayMs`.
 * The shared service behind it is never touched.
 */
export class FaultProxy {
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  readonly #held: Array<() => void> = []
  #mode: ProxyMode = 'up'
  #delayMs = 0
  port = 0

  constructor(targetHost: string, targetPort: number) {
    this.#server = createServer((client) => {
      if (this.#mode === 'refuse') return client.destroy()
      const upstream = connect(targetPort, targetHost)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      this.#forward(client, upstream)
      this.#forward(upstream, client)
    })
  }

  /** Copies `from` to `to` in order, holding or delaying chunks as the mode says. */
  #forward(from: Socket, to: Socket): void {
    let chain = Promise.resolve()
    from.on('data', (chunk) => {
      chain = chain.then(async () => {
        if (this.#mode === 'stall') await new Promise<void>((resolve) => this.#held.push(resolve))
        else if (this.#mode === 'slow') await new Promise((resolve) => setTimeout(resolve, this.#delayMs))
        if (!to.destroyed) to.write(chunk)
      })
    })
    from.on('end', () => {
      void chain.then(() => to.end())
    })
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    const address = this.#server.address()
    this.port = typeof address === 'object' && address !== null ? address.port : 0
    return this.port
  }

  set(mode: ProxyMode, delayMs = 0): void {
    this.#mode = mode
    this.#delayMs = delayMs
    if (mode === 'refuse') for (const socket of this.#sockets) socket.destroy()
    if (mode !== 'stall') for (const release of this.#held.splice(0)) release()
  }

  async stop(): Promise<void> {
    this.set('refuse')
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}
