import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify'
import fp from 'fastify-plugin'
import { type AuthOutcome, authenticatorOf, type Latchkey } from '../../core/create-latchkey.ts'
import { LATCHKEY_ROUTES } from '../../core/http/handler.ts'
import { MAX_BODY_BYTES } from '../../core/http/request.ts'
import type { HttpResponse } from '../../core/http/response.ts'
import { fromFastifyError, sendResponse, toHttpRequest, writeDirect } from './translate.ts'

type Authenticated = Extract<AuthOutcome, { ok: true }>

declare module 'fastify' {
  interface FastifyInstance {
    /** The Latchkey instance this app authenticates with. */
    latchkey: Latchkey
    /** A preHandler that authenticates the request as `/accounts/user/` does, or answers 401/403 itself. */
    latchkeyAuthenticate: preHandlerHookHandler
  }
  interface FastifyRequest {
    /** Set by `latchkeyAuthenticate`: the user and session. */
    auth: Authenticated | null
  }
  interface FastifyContextConfig {
    /** `false` on a route that answers any Host (a health probe's), under `siteWide` conventions. */
    latchkeyHostCheck?: boolean
    /** Set by Latchkey on its own routes that apply the conventions themselves: `siteWide` adds no hook there. */
    latchkeyOwn?: boolean
  }
}

/** `latchkeyPlugin`'s options: the instance to serve, and whether its conventions cover the whole app. */
export interface LatchkeyPluginOptions {
  readonly latchkey: Latchkey
  /**
   * Apply Latchkey's conventions to every route of the app, not only to Latchkey's: the host check, security and
   * CORS headers, CORS preflights, JSON 404s and JSON errors. They are added to each route as it is declared, so
   * register the plugin before the routes it should cover. The server sets it; an embedding app usually not.
   */
  readonly siteWide?: boolean
  /**
   * Write Latchkey's answers straight to Node's response, past Fastify's reply pipeline: a few microseconds a
   * request, but the app's onSend hooks, and headers its hooks set on the reply, never see those answers (onResponse
   * hooks and Fastify's request log still do). Under `siteWide`, GET and HEAD answers only: the other methods'
   * conventions run as a hook that leaves its headers on the reply. The server sets it: it has no such hooks.
   */
  readonly direct?: boolean
}

/** GET and HEAD carry no body to read first: Latchkey's own routes for them apply the conventions inside `handle`. */
const BODYLESS = ['GET', 'HEAD']

/**
 * Latchkey's routes in their own encapsulated context: a catch-all raw-body parser (Latchkey parses bodies as DRF
 * would, only where an endpoint reads one) and an error handler that do not leak into the host app. Matching,
 * trailing slashes, 405s and OPTIONS are the core's, whatever the host's router settings.
 */
async function routes(app: FastifyInstance, opts: LatchkeyPluginOptions): Promise<void> {
  const { latchkey, siteWide = false, direct = false } = opts
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_r, body, done) =>
    done(null, body),
  )
  // Errors are rare: their conventions are worked out again rather than remembered from the request.
  const headersFor = (request: FastifyRequest) => {
    const guard = latchkey.http.guard(toHttpRequest(request))
    return guard.kind === 'continue' ? guard.headers : {}
  }
  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendResponse(
      reply,
      latchkey.http.failure(fromFastifyError(error), toHttpRequest(request), headersFor(request)),
    ),
  )
  // A path that is not Latchkey's goes on to the host's 404.
  const send = (reply: FastifyReply, response: HttpResponse | undefined, write: typeof sendResponse) =>
    response === undefined ? reply.callNotFound() : write(reply, response)
  // Handlers are not async: Fastify waits on a handler that returns nothing for the reply to be sent, so the answer
  // is written from the core's promise directly, without an async layer of ours and Fastify's wrapping of it. A
  // failure (of the core, or of writing) goes to Fastify's error handler, as a rejected async handler's would.
  const answer = (
    pending: Promise<HttpResponse | undefined>,
    reply: FastifyReply,
    write: typeof sendResponse,
  ): void => {
    pending.then(
      (response) => {
        try {
          send(reply, response, write)
        } catch (error) {
          reply.send(error)
        }
      },
      (error: unknown) => reply.send(error),
    )
  }
  // The conventions and the answer in one call, written past Fastify's reply when `direct`.
  const writeOwn = direct ? writeDirect : sendResponse
  const handle = (request: FastifyRequest, reply: FastifyReply) =>
    answer(latchkey.handle(toHttpRequest(request)), reply, writeOwn)
  // The answer alone: the conventions ran as the route's onRequest hook (siteWide), before the body was read, and
  // left their headers on Fastify's reply, so this answer goes through it.
  const route = (request: FastifyRequest, reply: FastifyReply) =>
    answer(latchkey.http.route(toHttpRequest(request)), reply, sendResponse)
  const withBody = app.supportedMethods.filter((method) => !BODYLESS.includes(method))
  for (const url of LATCHKEY_ROUTES) {
    if (!siteWide) {
      app.all(url, handle)
      continue
    }
    app.route({ method: BODYLESS, url, handler: handle, config: { latchkeyOwn: true } })
    app.route({ method: withBody, url, handler: route })
  }
}

/**
 * The server's conventions on every route of the app (see `siteWide`): as each route's own onRequest hook, added as
 * routes are declared, so a route that applies them itself (Latchkey's GET and HEAD) runs no hook at all. A hook
 * on one route costs nothing on the others, where a global one runs on every request.
 */
function conventions(app: FastifyInstance, latchkey: Latchkey): void {
  app.addHook('onRoute', (route) => {
    if (route.config?.latchkeyOwn === true) return
    const checkHost = route.config?.latchkeyHostCheck !== false
    const hook: onRequestHookHandler = (request, reply, done) => {
      const guard = latchkey.http.guard(toHttpRequest(request), { checkHost })
      if (guard.kind === 'answer') {
        sendResponse(reply, guard.response)
        return
      }
      reply.headers(guard.headers)
      done()
    }
    // Callback style, not async: an async hook costs a promise and a turn of the microtask queue. An answer here is
    // sent without calling `done`, which ends the request (Fastify's hooks docs).
    const own = route.onRequest
    route.onRequest = own === undefined ? [hook] : [hook, ...(Array.isArray(own) ? own : [own])]
  })
  // No route matched, so no route hook ran: the 404 applies the conventions itself.
  app.setNotFoundHandler((request, reply) => {
    const guard = latchkey.http.guard(toHttpRequest(request))
    if (guard.kind === 'answer') return sendResponse(reply, guard.response)
    return sendResponse(reply, latchkey.http.notFound(guard.headers))
  })
  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendResponse(reply, latchkey.http.failure(fromFastifyError(error), toHttpRequest(request))),
  )
}

/**
 * Goes on with the authenticated request, or sends the refusal and ends it there (a callback-style hook that has
 * sent a reply does not call `done`: Fastify's hooks documentation, "Respond to a request from a hook").
 */
function proceed(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
  outcome: AuthOutcome,
) {
  if (!outcome.ok) return void sendResponse(reply, outcome.response)
  request.auth = outcome
  done()
}

/**
 * Adds Latchkey's API (`/accounts/…`, `/openapi.json`) to a Fastify app, and the `latchkeyAuthenticate` preHandler
 * for the app's own routes. It behaves as the Latchkey server does, whatever the app's own settings.
 *
 * @example
 * const latchkey = await createLatchkey({ secretKey }, stores)
 * await app.register(latchkeyPlugin, { latchkey })
 * app.get('/api/notes', { preHandler: app.latchkeyAuthenticate }, (req) => listNotes(req.auth!.user.id))
 */
async function latchkeyFastify(app: FastifyInstance, opts: LatchkeyPluginOptions): Promise<void> {
  const { latchkey } = opts
  app.decorate('latchkey', latchkey)
  app.decorateRequest('auth', null)
  const authenticate = authenticatorOf(latchkey)
  // Callback style, not async: the usual request (the user cached) goes on to the route in the same turn, where a
  // hook's promise costs one more promise and a turn of the microtask queue. A failure reaches Fastify's error
  // handler through `done`, as an async hook's rejection would.
  const latchkeyAuthenticate: preHandlerHookHandler = (request, reply, done) => {
    const outcome = authenticate(toHttpRequest(request))
    if (!(outcome instanceof Promise)) return proceed(request, reply, done, outcome)
    outcome.then(
      (known) => proceed(request, reply, done, known),
      (error: Error) => done(error),
    )
  }
  app.decorate('latchkeyAuthenticate', latchkeyAuthenticate)
  if (opts.siteWide) conventions(app, latchkey)
  await app.register(routes, opts)
}

/**
 * Adds Latchkey's API (`/accounts/…`, `/openapi.json`) to a Fastify 5 app, with the `app.latchkeyAuthenticate`
 * preHandler and `request.auth` for the app's own routes (a fastify-plugin: they reach the whole app).
 *
 * @example
 * import { latchkeyPlugin } from 'latchkey/fastify'
 *
 * await app.register(latchkeyPlugin, { latchkey: await createLatchkey({ secretKey }, stores) })
 * app.get('/api/me', { preHandler: app.latchkeyAuthenticate }, (req) => ({ username: req.auth?.user.username }))
 */
export const latchkeyPlugin = fp(latchkeyFastify, { name: 'latchkey', fastify: '5.x' })
