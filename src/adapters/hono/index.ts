import type { Context, MiddlewareHandler } from 'hono'
import type { AuthOutcome, Latchkey } from '../../core/create-latchkey.ts'
import { withRepeatedSingletons } from '../../core/http/duplicate-headers.ts'
import type { HeaderMap } from '../../core/http.ts'
import { toResponse } from '../web/index.ts'
import { targetOf, WebHttpRequest } from '../web/web-request.ts'

/** What `latchkeyGuard` sets: `c.get('auth')`. */
export type LatchkeyVariables = { auth: Extract<AuthOutcome, { ok: true }> }

/** Options of `latchkeyRoutes` and `latchkeyGuard`: where the client address comes from. */
export interface HonoAdapterOptions {
  /** The client address (e.g. `getConnInfo(c).remote.address` from your runtime's Hono adapter). */
  readonly clientIp?: (c: Context) => string | undefined
}

interface NodeRequestLike {
  readonly httpVersionMajor?: unknown
  readonly headers?: unknown
  readonly rawHeaders?: unknown
}

/**
 * Under @hono/node-server, Node's own HTTP/1 request (`c.env.incoming`): its headers are read as the Node adapters
 * read them, with no Fetch API `Headers` in between. Elsewhere (other runtimes, HTTP/2), the Request's own headers.
 */
function nodeHeaders(c: Context): HeaderMap | undefined {
  const incoming = (c.env as { incoming?: NodeRequestLike } | undefined)?.incoming
  if (incoming?.httpVersionMajor !== 1 || !Array.isArray(incoming.rawHeaders)) return undefined
  if (typeof incoming.headers !== 'object' || incoming.headers === null) return undefined
  return withRepeatedSingletons(incoming.headers as HeaderMap, incoming.rawHeaders as string[])
}

function toHttpRequest(c: Context, options: HonoAdapterOptions): WebHttpRequest {
  return new WebHttpRequest(c.req.raw, options.clientIp?.(c) ?? '', nodeHeaders(c))
}

/**
 * Latchkey's API (`/accounts/…`, `/openapi.json`) as Hono middleware; any other path goes on to the app's own
 * routes. A thin wrapper over `latchkey/web`'s translation.
 *
 * @example
 * app.use(latchkeyRoutes(latchkey))
 * app.get('/api/notes', latchkeyGuard(latchkey), (c) => c.json(listNotes(c.get('auth').user.id)))
 */
export function latchkeyRoutes(latchkey: Latchkey, options: HonoAdapterOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    // The app's own paths go on at once, with no request built for them.
    if (!latchkey.http.serves(targetOf(c.req.url))) return next()
    const response = await latchkey.handle(toHttpRequest(c, options))
    if (response !== undefined) return toResponse(response)
    await next()
  }
}

/**
 * Middleware for the app's own routes: authenticates exactly as `/accounts/user/` does and sets `c.get('auth')`,
 * or answers the refusal (401 with `WWW-Authenticate`, 403 …) itself.
 *
 * @example
 * app.get('/api/notes', latchkeyGuard(latchkey), (c) => c.json({ owner: c.get('auth').user.username }))
 */
export function latchkeyGuard(
  latchkey: Latchkey,
  options: HonoAdapterOptions = {},
): MiddlewareHandler<{ Variables: LatchkeyVariables }> {
  // Not async: the promise `authenticate` returns carries the middleware, one layer fewer on every guarded request.
  return (c, next) =>
    // biome-ignore lint/suspicious/noConfusingVoidType: Hono's `next()` settles with void, passed on as it is.
    latchkey.authenticate(toHttpRequest(c, options)).then<Response | void>((outcome) => {
      if (!outcome.ok) return toResponse(outcome.response)
      c.set('auth', outcome)
      return next()
    })
}
