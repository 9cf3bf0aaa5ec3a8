/**
 * How long a client may take and how many connections it may hold: the bounds that keep a slow or idle client from
 * tying up the server (a "slowloris" trickling its headers or body; OWASP ASVS 5.0 15.2.2 on resource exhaustion).
 * Node's own defaults leave the whole request unbounded once its headers arrive and the connection count unlimited.
 */
export interface ServerLimits {
  /** Time to receive one whole request, headers and body (Node's `requestTimeout`); past it, a JSON 408. */
  readonly requestTimeoutMs: number
  /** Time to receive the request head (Node's `headersTimeout`); at most `requestTimeoutMs`. */
  readonly headersTimeoutMs: number
  /** How long an idle kept-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number
  /** Open connections past this are closed as soon as they are accepted (Node's `server.maxConnections`). */
  readonly maxConnections: number
}

/**
 * The defaults: a request (a login's body included) in 30 s, its head in 10 s, idle connections kept 72 s (Fastify's
 * default, longer than the 60 s idle timeout of common load balancers, so the balancer closes first and never sends
 * on a connection the server is closing), and 4,096 connections per process.
 */
export const DEFAULT_LIMITS: ServerLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 72_000,
  maxConnections: 4096,
}

/** What is wrong with a set of limits, each naming the variable that sets it. */
export function limitProblems(limits: ServerLimits): string[] {
  const problems: string[] = []
  const positive: [keyof ServerLimits, string][] = [
    ['requestTimeoutMs', 'LATCHKEY_REQUEST_TIMEOUT'],
    ['headersTimeoutMs', 'LATCHKEY_HEADERS_TIMEOUT'],
    ['keepAliveTimeoutMs', 'LATCHKEY_KEEP_ALIVE_TIMEOUT'],
    ['maxConnections', 'LATCHKEY_MAX_CONNECTIONS'],
  ]
  for (const [key, variable] of positive)
    if (!Number.isInteger(limits[key]) || limits[key] <= 0)
      problems.push(`${variable}: must be greater than zero (a limit of zero is no limit)`)
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    problems.push(
      'LATCHKEY_HEADERS_TIMEOUT: must not be longer than LATCHKEY_REQUEST_TIMEOUT (the head is part of the request)',
    )
  return problems
}

/**
 * The limits as Fastify's server options. Node checks the request and head timeouts every
 * `connectionsCheckingInterval` (30 s by default, which would let a request live up to twice its limit): here a
 * quarter of the shorter timeout, at most a second. The socket's inactivity timeout (`connectionTimeout`) covers
 * the rest — a client that stops reading its answer — and outlasts the other two, so it never cuts them short.
 */
export function fastifyLimitOptions(limits: ServerLimits) {
  const shorter = Math.min(limits.requestTimeoutMs, limits.headersTimeoutMs)
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: Math.max(limits.requestTimeoutMs, limits.keepAliveTimeoutMs) + 1000,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(shorter / 4))),
    },
  }
}
