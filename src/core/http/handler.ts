import type { AuthContext } from '../context.ts'
import { AuthError } from '../errors.ts'
import { type Guard, type GuardOptions, guardRequest, NO_STORE } from './conventions.ts'
import { dispatch } from './dispatch.ts'
import { errorResponse, failureResponse } from './error-response.ts'
import { ENDPOINT_PREFIX, type Match, matchEndpoint } from './match.ts'
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
   * Whether a request target (or a path) is Latchkey's: what `handle` would answer rather than pass on. An adapter
   * mounted in front of an app's own routes asks this first, and builds no request for a path that is not.
   */
  serves(url: string): boolean
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

/**
 * Where Latchkey answers, as route patterns for a host's router (`*`: the rest of the path, as Fastify's and Hono's
 * routers read it): every path under the endpoint prefix, and the OpenAPI document. Matching within them, trailing
 * slashes included, is the core's.
 */
export const LATCHKEY_ROUTES = [`${ENDPOINT_PREFIX}*`, OPENAPI_PATH] as const

/**
 * Whether an origin-form target is surely not Latchkey's: its path starts with neither of Latchkey's paths. Told by
 * its first characters, without cutting the query off, on every request to an app's own routes.
 */
function elsewhere(url: string): boolean {
  return url.startsWith('/') && !url.startsWith(ENDPOINT_PREFIX) && !url.startsWith(OPENAPI_PATH)
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
  /** What a request target names: the OpenAPI document, an endpoint, or nothing of Latchkey's. */
  const target = (url: string): Match | typeof OPENAPI_PATH | undefined => {
    const path = pathOf(url)
    return path === OPENAPI_PATH ? OPENAPI_PATH : matchEndpoint(path)
  }
  // Plain functions returning the dispatch's promise, not async ones awaiting it: each async layer costs a promise
  // and a turn of the microtask queue on every request, and these only pass the answer along.
  const answer = (
    request: HttpRequest,
    found: Match | typeof OPENAPI_PATH,
    headers: Readonly<Record<string, string>>,
  ): Promise<HttpResponse> => {
    if (found === OPENAPI_PATH) return Promise.resolve(openApi(request, headers))
    const withNoStore =
      headers['cache-control'] === NO_STORE['cache-control'] ? headers : { ...headers, ...NO_STORE }
    // No `.catch` here: dispatch answers every failure of a flow itself (its runHandler and withoutHandler catch all),
    // and a derived promise would cost every request a promise and a turn of the microtask queue.
    return dispatch(ctx, request, found, withNoStore)
  }
  const route = (request: HttpRequest, headers: Readonly<Record<string, string>> = {}) => {
    const found = target(request.url)
    return found === undefined ? Promise.resolve(undefined) : answer(request, found, headers)
  }
  return {
    handle(request) {
      const found = target(request.url)
      if (found === undefined) return Promise.resolve(undefined)
      const guard = guardRequest(ctx, request)
      if (guard.kind === 'answer') return Promise.resolve(guard.response)
      return answer(request, found, guard.headers)
    },
    serves: (url) => !elsewhere(url) && target(url) !== undefined,
    guard: (request, options) => guardRequest(ctx, request, options),
    route,
    notFound: (headers = {}) => errorResponse(ctx, new AuthError('not_found', 'Not found.'), headers),
    failure: (error, request, headers = {}) => failureResponse(ctx, error, request, headers),
  }
}
