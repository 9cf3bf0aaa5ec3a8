import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../core/clock.ts'
import { AuthError, isAuthError } from '../core/errors.ts'
import type { Logger } from '../core/logger.ts'
import { isUnavailable } from '../core/storage-unavailable.ts'
import { sendError } from './send-result.ts'

/** Fastify's own request errors, translated to Latchkey's codes. */
function fromFastify(error: FastifyError): AuthError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AuthError('payload_too_large', 'Request body is too large.')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AuthError('bad_request', 'Malformed request body.')
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
        return new AuthError('bad_request', 'Bad request.')
      return undefined
  }
}

/**
 * The one error handler: an AuthError becomes its JSON body; a framework 4xx its Latchkey code; anything else is a
 * fault, logged in full and answered with a generic 500 that leaks nothing (checklist S92).
 */
export function createErrorHandler(clock: Clock, logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = isAuthError(error) ? error : fromFastify(error)
    if (known !== undefined) return sendError(reply, known, clock.now())
    if (isUnavailable(error)) {
      // Nothing was stored, so nothing is reported done: the client may retry.
      logger.error(
        { event: 'dependency_unavailable', method: request.method, url: request.url, error: String(error) },
        'dependency_unavailable',
      )
      return sendError(
        reply,
        new AuthError('service_unavailable', 'Service temporarily unavailable, try again soon.', {
          headers: { 'retry-after': '5' },
        }),
        clock.now(),
      )
    }
    logger.error(
      { event: 'internal_error', method: request.method, url: request.url, error: String(error.stack) },
      'internal_error',
    )
    return sendError(reply, new AuthError('internal_error', 'A server error occurred.'), clock.now())
  }
}
