import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { isAllowedHost } from '../core/allowed-host.ts'
import { noticeBrowserRequest } from '../core/browser/browser-diagnostics.ts'
import type { AuthContext } from '../core/context.ts'
import { corsHeaders, preflightHeaders } from '../core/cors.ts'
import { AuthError } from '../core/errors.ts'
import { createErrorHandler } from './error-handler.ts'
import { sendError } from './send-result.ts'

/** The reference's security middleware headers, on every response (Django's SecurityMiddleware + XFrameOptions). */
const SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
} as const

/**
 * Server-wide conventions: security headers, CORS as django-cors-headers answers (preflights end here), JSON 404s
 * and the error handler. Registered with fastify-plugin so it applies to the whole server, not one prefix.
 */
async function httpConventions(app: FastifyInstance, opts: { core: AuthContext }): Promise<void> {
  const { settings, clock, logger } = opts.core
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS)
    reply.header('vary', 'Origin, Cookie')
    if (!isAllowedHost(request.headers.host, settings.allowedHosts)) {
      logger.warn({ event: 'disallowed_host', ip: request.ip }, 'disallowed_host')
      return sendError(
        reply,
        new AuthError('bad_request', 'Bad Request (400): invalid Host header.'),
        clock.now(),
      )
    }
    const origin = request.headers.origin
    noticeBrowserRequest(opts.core, { headers: request.headers, secure: request.protocol === 'https' })
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      return reply
        .code(200)
        .headers(preflightHeaders(origin, settings.cors))
        .header('content-length', '0')
        .send()
    }
    reply.headers(corsHeaders(origin, settings.cors))
  })
  app.setNotFoundHandler((_request, reply) =>
    sendError(reply, new AuthError('not_found', 'Not found.'), clock.now()),
  )
  app.setErrorHandler(createErrorHandler(clock, logger))
}

export const httpConventionsPlugin = fp(httpConventions, {
  name: 'latchkey-http-conventions',
  fastify: '5.x',
})
