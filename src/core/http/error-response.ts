import type { AuthContext } from '../context.ts'
import { AuthError, isAuthError } from '../errors.ts'
import { isUnavailable } from '../storage-unavailable.ts'
import type { HttpRequest } from './request.ts'
import { type HttpResponse, ResponseBuilder } from './response.ts'

export interface ErrorResponseOptions {
  /**
   * Write `detail` and `code` before any other member, as the documented error schema of the endpoint lists them
   * (the wire order the server has always had for the statuses an endpoint documents).
   */
  readonly detailFirst?: boolean
}

/**
 * An AuthError as its JSON body `{detail, code, …}`, with the cookies it still sets, its headers, and on every 401
 * the Bearer challenge the reference's views send (RFC 6750 §3: `WWW-Authenticate: Bearer realm="api"`).
 */
export function errorResponse(
  ctx: AuthContext,
  error: AuthError,
  headers: Readonly<Record<string, string>> = {},
  options: ErrorResponseOptions = {},
): HttpResponse {
  const builder = new ResponseBuilder(ctx.clock.now()).set(headers).cookies(error.cookies).set(error.headers)
  if (error.status === 401) builder.set({ 'www-authenticate': 'Bearer realm="api"' })
  const body = error.toBody()
  const ordered = options.detailFirst ? { detail: error.detail, code: error.code, ...body } : body
  return builder.json(error.status, ordered)
}

/**
 * Any failure as a response: an AuthError as itself; a storage outage as 503 with `Retry-After` (nothing was
 * stored, so the client may retry); anything else is a fault, logged in full and answered with a generic 500 that
 * leaks nothing (OWASP ASVS 7.4.1: generic error messages, details only in the log).
 */
export function failureResponse(
  ctx: AuthContext,
  error: unknown,
  request: Pick<HttpRequest, 'method' | 'url'>,
  headers: Readonly<Record<string, string>> = {},
  options: ErrorResponseOptions = {},
): HttpResponse {
  if (isAuthError(error)) return errorResponse(ctx, error, headers, options)
  if (isUnavailable(error)) {
    ctx.logger.error(
      { event: 'dependency_unavailable', method: request.method, url: request.url, error: String(error) },
      'dependency_unavailable',
    )
    const unavailable = new AuthError(
      'service_unavailable',
      'Service temporarily unavailable, try again soon.',
      {
        headers: { 'retry-after': '5' },
      },
    )
    return errorResponse(ctx, unavailable, headers)
  }
  const stack = error instanceof Error ? error.stack : undefined
  ctx.logger.error(
    { event: 'internal_error', method: request.method, url: request.url, error: String(stack ?? error) },
    'internal_error',
  )
  return errorResponse(ctx, new AuthError('internal_error', 'A server error occurred.'), headers)
}
