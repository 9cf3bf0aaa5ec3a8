import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthOutcome, Latchkey } from '../../core/create-latchkey.ts'
import { ENDPOINT_PREFIX } from '../../core/http/match.ts'
import { OPENAPI_PATH } from '../../core/http/openapi.ts'
import { MAX_BODY_BYTES } from '../../core/http/request.ts'
import { fromFastifyError, sendResponse, toHttpRequest } from './translate.ts'

type Authenticated = Extract<AuthOutcome, { ok: true }>

declare module 'fastify' {
  interface FastifyInstance {
    /** The Latchkey instance this app authenticates with. */
    latchkey: Latchkey
    /** A preHandler that authenticates the request as `/accounts/user/` does, or answers 401/403 itself. */
    latchkeyAuthenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
  interface FastifyRequest {
    /** Set by `latchkeyAuthenticate`: the user and session. */
    auth: Authenticated | null
  }
  interface FastifyContextConfig {
    /** `false` on a route that answers any Host (a health probe's), under `siteWide` conventions. */
    latchkeyHostCheck?: boolean
  }
}

/** `latchkeyPlugin`'s options: the instance to serve, and whether its conventions cover the whole app. */
export interface LatchkeyPluginOptions {
  readonly latchkey: Latchkey
  /**
   * Apply Latchkey's conventions to every route of the app, not only to Latchkey's: the host check, security and
   * CORS headers, CORS preflights, JSON 404s and JSON errors. The server sets it; an embedding app usually not.
   */
  readonly siteWide?: boolean
}

/**
 * Latchkey's routes in their own encapsulated context: a catch-all raw-body parser (Latchkey parses bodies as DRF
 * would, only where an endpoint reads one) and an error handler that do not leak into the host app. Matching,
 * trailing slashes, 405s and OPTIONS are the core's, whatever the host's router settings.
 */
async function routes(app: FastifyInstance, opts: LatchkeyPluginOptions): Promise<void> {
  const { latchkey, siteWide = false } = opts
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_r, body, done) =>
    done(null, body),
  )
  const headersFor = (request: FastifyRequest) => {
    if (siteWide) return {}
    const guard = latchkey.http.guard(toHttpRequest(request))
    return guard.kind === 'continue' ? guard.headers : {}
  }
  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendResponse(
      reply,
      latchkey.http.failure(fromFastifyError(error), toHttpRequest(request), headersFor(request)),
    ),
  )
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const neutral = toHttpRequest(request)
    const response = siteWide ? await latchkey.http.route(neutral) : await latchkey.handle(neutral)
    return response === undefined ? reply.callNotFound() : sendResponse(reply, response)
  }
  app.all(`${ENDPOINT_PREFIX}*`, handler)
  app.all(OPENAPI_PATH, handler)
}

/** The server's conventions on every route of the app (see `siteWide`). */
function conventions(app: FastifyInstance, latchkey: Latchkey): void {
  // Callback style, not async: on every request of the app, an async hook costs a promise and a turn of the
  // microtask queue. An answer here is sent without calling `done`, which ends the request (Fastify's hooks docs).
  app.addHook('onRequest', (request, reply, done) => {
    // The route's own config is read only for a Host that fails the check: Fastify builds `routeOptions` anew on
    // every read, and nearly every request names an allowed host.
    const checkHost = () => request.routeOptions.config.latchkeyHostCheck !== false
    const guard = latchkey.http.guard(toHttpRequest(request), { checkHost })
    if (guard.kind === 'answer') {
      sendResponse(reply, guard.response)
      return
    }
    reply.headers(guard.headers)
    done()
  })
  app.setNotFoundHandler((_request, reply) => sendResponse(reply, latchkey.http.notFound()))
  app.setErrorHandler((error: FastifyError, request, reply) =>
    sendResponse(reply, latchkey.http.failure(fromFastifyError(error), toHttpRequest(request))),
  )
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
  app.decorate('latchkeyAuthenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await latchkey.authenticate(toHttpRequest(request))
    if (outcome.ok) request.auth = outcome
    else await sendResponse(reply, outcome.response)
  })
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
