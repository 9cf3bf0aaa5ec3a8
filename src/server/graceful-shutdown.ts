import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { sendResponse } from '../adapters/fastify/translate.ts'
import type { HttpResponse } from '../core/http/response.ts'

interface Tracked {
  /** A response has been completed on this connection: it is a kept-alive connection, not a fresh one. */
  served: boolean
  /** Requests being handled on it now. */
  active: number
}

/**
 * Graceful shutdown for SIGTERM. First `drainMs` of business as usual except that `/readyz` answers 503, so the
 * load balancer stops sending new connections while those already on their way are still accepted. Then: stop
 * accepting connections; requests already being handled finish; a request that
 * arrives on an open keep-alive connection after the signal gets `503 service_unavailable` with `Connection: close`
 * and `Retry-After`, so a load balancer retries it elsewhere. Kept-alive connections are closed once idle; a
 * connection accepted but not yet through its first request is left to deliver it (closing it would reset a request
 * the client already sent). Anything still open after `hardLimitMs` is cut, so the process always ends.
 */
export interface Shutdown {
  /** True from the signal on: readiness reports it. */
  readonly draining: () => boolean
  readonly run: (options?: { drainMs?: number; hardLimitMs?: number }) => Promise<void>
}

export function installGracefulShutdown(app: FastifyInstance, closingResponse: () => HttpResponse): Shutdown {
  let draining = false
  let closing = false
  const sockets = new Map<Socket, Tracked>()
  app.server.on('connection', (socket: Socket) => {
    sockets.set(socket, { served: false, active: 0 })
    socket.once('close', () => sockets.delete(socket))
  })
  app.server.on('request', (request, response) => {
    const tracked = sockets.get(request.socket)
    if (tracked === undefined) return
    tracked.active++
    response.once('close', () => {
      tracked.active--
      tracked.served = true
      if (closing && tracked.active === 0) request.socket.end()
    })
  })
  // Callback style: an async hook on every request costs a promise for what is, until shutdown, a no-op.
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done()
    reply.header('connection', 'close')
    sendResponse(reply, closingResponse())
  })
  const run = async ({ drainMs = 0, hardLimitMs = 10_000 } = {}) => {
    draining = true
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs))
    closing = true
    for (const [socket, tracked] of sockets) if (tracked.served && tracked.active === 0) socket.end()
    const hard = setTimeout(() => {
      for (const socket of sockets.keys()) socket.destroy()
    }, hardLimitMs)
    try {
      await app.close()
    } finally {
      clearTimeout(hard)
    }
  }
  return { draining: () => draining, run }
}
