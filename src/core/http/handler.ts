import type { AuthContext } from '../context.ts'
import { AuthError } from '../errors.ts'
import { type Guard, type GuardOptions, guardRequest, NO_STORE } from './conventions.ts'
import { dispatch } from './dispatch.ts'
import { errorResponse, failureResponse } from './error-response.ts'
import { matchEndpoint } from './match.ts'
import { OPENAPI_PATH, openApiDocument } from './openapi.ts'
import { type HttpRequest, pathOf } from './request.ts'
import { type HttpResponse, ResponseBuilder } from './response.ts'

/**
 * The whole HTTP contract, framework-free. `handle` is what an adapter calls for every request; the other members
 * let a host that serves routes of its own (the server) apply the same conventions to them.
 */
export interface HttpHandler {
  /** Latchkey's answer, or undefined when the path is not Latchkey's (the host's own routes continue). */
  handle(request: HttpRequest): Promise<HttpResponse | undefined>
  /**
   * The conventions alone (host check, preflight, security and CORS headers), for a host's own routes; `checkHost:
   * false` for routes that must answer any Host (health probes).
   */
  guard(request: HttpRequest, options?: GuardOptions): Guard
  /** Latchkey's answer without the conventions, for a host that has applied `guard` to every request itself. */
  route(request: HttpRequest, headers?: Readonly<Record<string, string>>): Promise<HttpResponse | undefined>
  /** The JSON 404 for a path nobody serves. */
  notFound(headers?: Readonly<Record<string, string>>): HttpResponse
  /** Any failure as a response: AuthError as itself, storage outage 503, anything else a logged 500. */
  failure(error: unknown, request: HttpRequest, headers?: Readonly<Record<string, string>>): HttpResponse
}

export function createHttpHandler(ctx: AuthContext): HttpHandler {
  let openApiText: string | undefined
  const openApi = (request: HttpRequest, headers: Readonly<Record<string, string>>): HttpResponse => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const refused = new AuthError('method_not_allowed', `Method "${request.method}" not allowed.`)
      return errorResponse(ctx, refused, { ...headers, allow: 'GET, HEAD' })
    }
    openApiText ??= JSON.stringify(openApiDocument(ctx.settings))
    return new ResponseBuilder(ctx.clock.now()).set(headers).jsonText(200, openApiText)
  }
  const route = async (request: HttpRequest, headers: Readonly<Record<string, string>> = {}) => {
    const path = pathOf(request.url)
    if (path === OPENAPI_PATH) return openApi(request, headers)
    const match = matchEndpoint(path)
    if (match === undefined) return undefined
    try {
      const withNoStore =
        headers['cache-control'] === NO_STORE['cache-control'] ? headers : { ...headers, ...NO_STORE }
      return await dispatch(ctx, request, match, withNoStore)
    } catch (error) {
      return failureResponse(ctx, error, request, headers)
    }
  }
  return {
    async handle(request) {
      const path = pathOf(request.url)
      if (path !== OPENAPI_PATH && matchEndpoint(path) === undefined) return undefined
      const guard = guardRequest(ctx, request)
      if (guard.kind === 'answer') return guard.response
      return route(request, guard.headers)
    },
    guard: (request, options) => guardRequest(ctx, request, options),
    route,
    notFound: (headers = {}) => errorResponse(ctx, new AuthError('not_found', 'Not found.'), headers),
    failure: (error, request, headers = {}) => failureResponse(ctx, error, request, headers),
  }
}
