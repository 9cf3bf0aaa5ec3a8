import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthContext } from '../core/context.ts'
import { type Authenticated, requireUser } from '../core/flows/authenticate.ts'
import { registerAdminRoutes } from './admin-routes.ts'
import { createErrorHandler } from './error-handler.ts'
import { registerAccountRoutes } from './routes.ts'
import { toAuthRequest } from './to-auth-request.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Latchkey core this server authenticates with. */
    latchkey: AuthContext
    /** A preHandler that authenticates the request as `/accounts/user/` does, or answers 401/403. */
    latchkeyAuthenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
  interface FastifyRequest {
    /** Set by `latchkeyAuthenticate`. */
    auth: Authenticated | null
  }
}

export interface LatchkeyPluginOptions {
  readonly core: AuthContext
}

/**
 * Latchkey's routes live in their own encapsulated context: their catch-all body parser (DRF-compatible JSON, form
 * and multipart, parsed only where a flow reads the body) and error handler do not leak into the host app.
 */
async function accountRoutes(app: FastifyInstance, opts: LatchkeyPluginOptions): Promise<void> {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  // Bodies are validated by the flows, with DRF's messages; the schemas document them.
  app.setValidatorCompiler(() => () => true)
  app.setErrorHandler(createErrorHandler(opts.core.clock, opts.core.logger))
  registerAccountRoutes(app, opts.core)
  registerAdminRoutes(app, opts.core)
}

/**
 * Adds Latchkey's `/accounts/…` API to a Fastify app and the `latchkeyAuthenticate` preHandler for the app's own
 * routes.
 *
 * @example
 * app.register(latchkeyPlugin, { core })
 * app.get('/api/things', { preHandler: app.latchkeyAuthenticate }, (req) => listThings(req.auth!.user.id))
 */
async function latchkey(app: FastifyInstance, opts: LatchkeyPluginOptions): Promise<void> {
  app.decorate('latchkey', opts.core)
  app.decorateRequest('auth', null)
  app.decorate('latchkeyAuthenticate', async (request: FastifyRequest) => {
    request.auth = await requireUser(opts.core, await toAuthRequest(request))
  })
  await app.register(accountRoutes, opts)
}

export const latchkeyPlugin = fp(latchkey, { name: 'latchkey', fastify: '5.x' })
