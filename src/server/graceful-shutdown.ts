import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance, FastifyServerFactory } from 'fastify'
import type { HttpResponse } from '../core/http/response.ts'

/** The response most recently started on a connection (set per request: one property store, no listener). */
const CURRENT = Symbol('latchkey.currentResponse')

type TrackedSocket = Socket & { [CURRENT]?: ServerResponse }

/** Fastify's server options that `getServerInstance` applies to a server it creates itself. */
interface ServerOptions {
  readonly http?: object
  readonly keepAliveTimeout?: number
  readonly requestTimeout?: number
  readonly connectionTimeout?: number
}

/**
 * Graceful shutdown for SIGTERM. First `drainMs` of business as usual except that `/readyz` answers 503, so the
 * load balancer stops sending new connections while those already on their way are still accepted. Then: stop
 * accepting connections; requests already being handled finish; a request that
 * arrives on an open keep-alive connection after the signal gets `503 service_unavailable` with `Connection: close`
 * and `Retry-After`, so a load balancer retries it elsewhere. Kept-alive connections are closed once idle; a
 * connection accepted but not yet through its first request is left to deliver it (closing it would reset a request
 * the client already sent). Anything still open after `hardLimitMs` is cut, so the process always ends.
 *
 * The gate sits in front of Fastify's request handler (`serverFactory`), so it costs every request one boolean test
 * and one property store — no hook, no listener — until the signal.
 *
 * @example
 * const gate = new ShutdownGate()
 * const app = Fastify({ serverFactory: gate.serverFactory })
 * gate.install(app, () => closingResponse)
 * process.once('SIGTERM', () => gate.run({ drainMs: 5000 }))
 */
export class ShutdownGate {
  #draining = false
  #closing = false
  #app: FastifyInstance | undefined
  #closingResponse: () => HttpResponse = () => {
    throw new Error('ShutdownGate.install was not called')
  }
  readonly #sockets = new Set<TrackedSocket>()

  /** Fastify's `serverFactory`: Node's HTTP server with Fastify's own settings, and the gate before its handler. */
  readonly serverFactory: FastifyServerFactory = (handler, options) => {
    const opts = options as ServerOptions
    const server: Server = createServer(opts.http ?? {}, (request, response) => {
      if (this.#closing) return this.#refuse(request, response)
      ;(request.socket as TrackedSocket)[CURRENT] = response
      handler(request, response)
    })
    // What Fastify sets on a server it creates itself (lib/server.js, getServerInstance).
    if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout
    if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout
    if (opts.connectionTimeout !== undefined) server.setTimeout(opts.connectionTimeout)
    server.on('connection', (socket: TrackedSocket) => {
      this.#sockets.add(socket)
      socket.once('close', () => this.#sockets.delete(socket))
    })
    return server
  }

  /** Binds the gate to the app it closes and the answer late requests get. */
  install(app: FastifyInstance, closingResponse: () => HttpResponse): void {
    this.#app = app
    this.#closingResponse = closingResponse
  }

  /** True from the signal on: readiness reports it. */
  readonly draining = (): boolean => this.#draining

  readonly run = async ({ drainMs = 0, hardLimitMs = 10_000 } = {}): Promise<void> => {
    this.#draining = true
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs))
    this.#closing = true
    for (const socket of this.#sockets) endWhenIdle(socket)
    const hard = setTimeout(() => {
      for (const socket of this.#sockets) socket.destroy()
    }, hardLimitMs)
    try {
      await this.#app?.close()
    } finally {
      clearTimeout(hard)
    }
  }

  /** A request after the signal: told to go elsewhere, and its connection closed behind the answer. */
  #refuse(_request: IncomingMessage, response: ServerResponse): void {
    const answer = this.#closingResponse()
    response.writeHead(answer.status, { ...answer.headers, connection: 'close' })
    response.end(answer.body)
  }
}

/**
 * Ends a kept-alive connection now if it is idle, or right after the response in flight on it (which then says
 * `Connection: close`). A connection that has not finished a first request is left to deliver it.
 */
function endWhenIdle(socket: TrackedSocket): void {
  const response = socket[CURRENT]
  if (response === undefined) return
  if (response.writableFinished) {
    socket.end()
    return
  }
  if (!response.headersSent) response.setHeader('connection', 'close')
  response.once('finish', () => socket.end())
}
