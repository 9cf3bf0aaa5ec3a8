import { type Context, Hono, type MiddlewareHandler, type Next } from 'hono'
import { type AuthOutcome, authenticatorOf, type Latchkey } from '../../core/create-latchkey.ts'
import { withRepeatedSingletons } from '../../core/http/duplicate-headers.ts'
import { LATCHKEY_ROUTES } from '../../core/http/handler.ts'
import type { HeaderMap } from '../../core/http.ts'
import { toResponse } from '../web/index.ts'
import { WebHttpRequest } from '../web/web-request.ts'

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
  const { clientIp } = options
  const ip = clientIp === undefined ? '' : () => clientIp(c) ?? ''
  return new WebHttpRequest(c.req.raw, ip, nodeHeaders(c))
}

/**
 * Latchkey's API (`/accounts/…`, `/openapi.json`) as a Hono app to mount at the root with `app.route('/', …)`. Its
 * middleware is registered on those two paths only, so the app's own routes never run it: a middleware on every
 * path cost each of the app's requests a check and a level of Hono's middleware chain (2,700 instructions a guarded
 * request, measured with callgrind). A thin wrapper over `latchkey/web`'s translation.
 *
 * @example
 * app.route('/', latchkeyRoutes(latchkey))
 * app.get('/api/notes', latchkeyGuard(latchkey), (c) => c.json(listNotes(c.get('auth').user.id)))
 */
export function latchkeyRoutes(latchkey: Latchkey, options: HonoAdapterOptions = {}): Hono {
  // A path under the prefix that is not an endpoint of Latchkey's goes on to the app's own routes (or its 404).
  const answer: MiddlewareHandler = (c, next) =>
    latchkey
      .handle(toHttpRequest(c, options))
      // biome-ignore lint/suspicious/noConfusingVoidType: Hono's `next()` settles with void, passed on as it is.
      .then<Response | void>((response) => (response === undefined ? next() : toResponse(response)))
  const routes = new Hono()
  for (const path of LATCHKEY_ROUTES) routes.use(path, answer)
  return routes
}

/** What an authenticated request carries: the user, the verified token, its session and where it came from. */
export type LatchkeyAuth = LatchkeyVariables['auth']

/**
 * The app's own route handler, run only for an authenticated request, with what `latchkeyGuard` would set as its
 * second argument; a refusal is answered as the guard answers it. The same check, one level of Hono's middleware
 * chain fewer: Hono calls a route's only handler directly, and composes a route of two (an async dispatch a level).
 * Counted with callgrind (`npm run bench -- --adapter hono,hono-handler --instructions`), that chain alone, with a
 * middleware doing nothing, kept 0.82 of the bare route's work, and the guarded route as one handler costs about
 * 14,000 instructions a request fewer than behind the guard. For the routes where that matters; the guard is the
 * usual form.
 *
 * @example
 * app.get('/api/notes', latchkeyGuarded(latchkey, (c, auth) => c.json({ owner: auth.user.username })))
 */
export function latchkeyGuarded(
  latchkey: Latchkey,
  handler: (c: Context, auth: LatchkeyAuth) => Response | Promise<Response>,
  options: HonoAdapterOptions = {},
): (c: Context) => Response | Promise<Response> {
  const authenticate = authenticatorOf(latchkey)
  const answer = (c: Context, outcome: AuthOutcome) =>
    outcome.ok ? handler(c, outcome) : toResponse(outcome.response)
  // As the guard: the usual request (the user cached) reaches the handler in the same turn.
  return (c) => {
    const outcome = authenticate(toHttpRequest(c, options))
    return outcome instanceof Promise ? outcome.then((known) => answer(c, known)) : answer(c, outcome)
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
  const authenticate = authenticatorOf(latchkey)
  const proceed = (
    c: Context<{ Variables: LatchkeyVariables }>,
    next: Next,
    outcome: AuthOutcome,
    // biome-ignore lint/suspicious/noConfusingVoidType: Hono's `next()` settles with void, passed on as it is.
  ): Promise<Response | void> => {
    if (!outcome.ok) return Promise.resolve(toResponse(outcome.response))
    c.set('auth', outcome)
    return next()
  }
  // The usual request (the user cached) goes on to the route in the same turn: no promise of ours in between.
  return (c, next) => {
    const outcome = authenticate(toHttpRequest(c, options))
    return outcome instanceof Promise
      ? outcome.then((known) => proceed(c, next, known))
      : proceed(c, next, outcome)
  }
}
