import Fastify, { type FastifyInstance } from 'fastify'
import { latchkeyPlugin } from '../adapters/fastify/plugin.ts'
import { registerAdmin } from '../admin/register-admin.ts'
import type { Clock } from '../core/clock.ts'
import type { AuthContext } from '../core/context.ts'
import { contextOf, createLatchkey, type Latchkey } from '../core/create-latchkey.ts'
import { AuthError } from '../core/errors.ts'
import type { AuthEvents } from '../core/events.ts'
import type { Logger } from '../core/logger.ts'
import { ConfigError, type LatchkeyOptions } from '../core/options.ts'
import type { PasswordHasher } from '../core/passwords/password-hasher.ts'
import type { RevocationBus } from '../core/sessions/revocation-bus.ts'
import type { AttemptCounter } from '../core/throttle/attempt-counter.ts'
import { FallbackAttemptCounter } from '../core/throttle/fallback-attempt-counter.ts'
import { registerDemo } from '../demo/register-demo.ts'
import { answerClientError } from './client-error.ts'
import { registerDocs } from './docs-ui.ts'
import { ShutdownGate } from './graceful-shutdown.ts'
import { registerHealthRoutes } from './health-routes.ts'
import { loadOptional } from './load-optional.ts'
import { serverLogOptions } from './log-options.ts'
import type { Stores } from './open-stores.ts'
import { DEFAULT_LIMITS, fastifyLimitOptions, limitProblems, type ServerLimits } from './server-limits.ts'
import { fastifyTrustProxy, type TrustProxy } from './trust-proxy.ts'

export interface CreateServerInput {
  readonly options: LatchkeyOptions
  readonly stores: Stores
  /** Redis for revocation fan-out and shared rate limits. */
  readonly redisUrl?: string
  /** Without Redis: how revocations reach sibling processes (a cluster's workers use IPC through the primary). */
  readonly bus?: RevocationBus
  /** Without Redis: login-failure counters shared with sibling processes; per-process counting while they fail. */
  readonly attempts?: AttemptCounter
  /** How often the database is polled for revocations made elsewhere while Redis is down or absent. */
  readonly revocationPollMs?: number
  /**
   * Take the client address and scheme from X-Forwarded-* only from these proxies (addresses or CIDRs), or from this
   * many hops (`true` is one). Off by default: the socket address is the client, and forged headers count for
   * nothing. The client is the rightmost address no trusted hop vouches for (see `fastifyTrustProxy`).
   */
  readonly trustProxy?: TrustProxy
  readonly logLevel?: string
  /** Timeouts and the connection cap (`DEFAULT_LIMITS` for any left out). */
  readonly limits?: Partial<ServerLimits>
  /** Longest a `/readyz` probe may take before its dependency counts as down (2000 ms when not set). */
  readonly healthTimeoutMs?: number
  readonly clock?: Clock
  readonly events?: AuthEvents
  readonly hasher?: PasswordHasher
  /** Where the core's structured lines go; Fastify's logger by default. */
  readonly logger?: Logger
  /** Adds routes of the host application before the server is sealed (the benchmark's baseline uses it). */
  readonly configure?: (app: FastifyInstance, core: AuthContext) => void | Promise<void>
}

export interface LatchkeyServer {
  readonly app: FastifyInstance
  /** The internal wiring (tests and the benchmark read it). */
  readonly core: AuthContext
  /** The library instance the server hosts. */
  readonly latchkey: Latchkey
  /** Reports not-ready for `drainMs`, stops accepting, finishes what is in flight, then closes (SIGTERM). */
  readonly shutdown: (options?: { drainMs?: number }) => Promise<void>
}

/** Node's own limit on the request head (16 KiB); past it the client gets a JSON 431, never a hang or a 500. */
const MAX_HEADER_BYTES = 16 * 1024

/**
 * Builds the deployable Latchkey server: the library (`createLatchkey`) hosted by its Fastify adapter, with the
 * conventions applied site-wide, plus what only a deployment needs: health checks, the JWKS, graceful shutdown, the
 * docs UI at `/docs/` and the demo.
 */
export async function createServer(input: CreateServerInput): Promise<LatchkeyServer> {
  const limits = { ...DEFAULT_LIMITS, ...input.limits }
  const limitErrors = limitProblems(limits)
  if (limitErrors.length > 0) throw new ConfigError(limitErrors)
  const bounds = fastifyLimitOptions(limits)
  const gate = new ShutdownGate()
  const app = Fastify({
    serverFactory: gate.serverFactory,
    bodyLimit: 1024 * 1024,
    requestTimeout: bounds.requestTimeout,
    keepAliveTimeout: bounds.keepAliveTimeout,
    connectionTimeout: bounds.connectionTimeout,
    trustProxy: fastifyTrustProxy(input.trustProxy),
    // Shutdown drains connections itself (graceful-shutdown.ts), with Latchkey's JSON 503 for late arrivals:
    // closing 'idle' sockets at once would also reset connections accepted a moment ago.
    return503OnClosing: false,
    forceCloseConnections: false,
    routerOptions: { maxParamLength: 200 },
    http: { maxHeaderSize: MAX_HEADER_BYTES, ...bounds.http },
    logger:
      input.logLevel === undefined
        ? false
        : serverLogOptions(input.logLevel, input.options.production === true),
    clientErrorHandler: answerClientError,
  })
  app.server.maxConnections = limits.maxConnections
  const logger: Logger = input.logger ?? {
    info: (fields, message) => app.log.info(fields, message),
    warn: (fields, message) => app.log.warn(fields, message),
    error: (fields, message) => app.log.error(fields, message),
  }
  // ioredis is an optional peer dependency: loaded only when Redis is configured.
  const redisStores =
    input.redisUrl === undefined
      ? undefined
      : await loadOptional(() => import('../stores/redis/index.ts'), 'LATCHKEY_REDIS_URL', 'ioredis')
  const redis =
    input.redisUrl === undefined || redisStores === undefined
      ? undefined
      : new redisStores.RedisAttemptCounter(input.redisUrl)
  const bus =
    input.redisUrl === undefined || redisStores === undefined
      ? input.bus
      : new redisStores.RedisRevocationBus(input.redisUrl)
  const shared = redis ?? input.attempts
  const latchkey = await createLatchkey(
    { ...input.options, ...(input.events && { events: input.events }) },
    input.stores,
    {
      logger,
      ...(bus !== undefined && { bus }),
      ...(shared !== undefined && { attempts: new FallbackAttemptCounter(shared, logger) }),
      ...(input.clock && { clock: input.clock }),
      ...(input.hasher && { hasher: input.hasher }),
      ...(input.revocationPollMs !== undefined && { revocationPollMs: input.revocationPollMs }),
    },
  )
  const core = contextOf(latchkey)
  // First: the site-wide conventions attach to each route declared after the plugin.
  // `direct`: the server adds no onSend hook and sets no reply header in a hook on Latchkey's GET and HEAD routes.
  await app.register(latchkeyPlugin, { latchkey, siteWide: true, direct: true })
  await registerDocs(app, core.settings)
  await latchkey.start()
  app.addHook('onClose', async () => {
    await latchkey.stop()
    await redis?.close()
  })
  gate.install(app, () =>
    latchkey.http.failure(
      new AuthError('service_unavailable', 'The server is shutting down, try again.', {
        headers: { 'retry-after': '1' },
      }),
      { method: 'GET', url: '/', headers: {}, ip: '', secure: false },
    ),
  )
  registerHealthRoutes(app, {
    stores: input.stores,
    draining: gate.draining,
    ...(redis !== undefined && { redisPing: () => redis.ping() }),
    ...(input.healthTimeoutMs !== undefined && { probeTimeoutMs: input.healthTimeoutMs }),
  })
  // Public keys only: services that verify tokens need no secret (RFC 7517).
  app.get('/.well-known/jwks.json', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('cache-control', `public, max-age=${Math.floor(core.settings.keyActivationDelayMs / 3000)}`)
      .send({ keys: latchkey.keys.published() }),
  )
  if (core.settings.demo) registerDemo(app)
  if (core.settings.admin) registerAdmin(app)
  await input.configure?.(app, core)
  await app.ready()
  return { app, core, latchkey, shutdown: (options) => gate.run(options) }
}
