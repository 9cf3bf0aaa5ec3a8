import { connect, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP forwarder in front of PostgreSQL or Redis that a test can cut and restore, to take a dependency away from
 * one server without stopping the shared service the other tests use.
 */
export class TcpProxy {
  readonly #server: Server
  readonly #sockets = new Set<Socket>()
  #up = true
  port = 0

  constructor(targetHost: string, targetPort: number) {
    this.#server = createServer((client) => {
      if (!this.#up) return client.destroy()
      const upstream = connect(targetPort, targetHost)
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket)
        socket.on('close', () => this.#sockets.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream)
      upstream.pipe(client)
    })
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    const address = this.#server.address()
    this.port = typeof address === 'object' && address !== null ? address.port : 0
    return this.port
  }

  /** Drops every open connection and refuses new ones. */
  cut(): void {
    this.#up = false
    for (const socket of this.#sockets) socket.destroy()
  }

  restore(): void {
    this.#up = true
  }

  async stop(): Promise<void> {
    this.cut()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }
}
