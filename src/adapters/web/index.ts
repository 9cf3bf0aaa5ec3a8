import type { AuthOutcome, Latchkey } from '../../core/create-latchkey.ts'
import type { HttpRequest } from '../../core/http/request.ts'
import type { HttpResponse } from '../../core/http/response.ts'

/** Where the client address and scheme come from: the Fetch API's Request knows neither. */
export interface WebAdapterOptions {
  /** The client address of a request (e.g. from the runtime's connection info); `''` when unknown. */
  readonly clientIp?: (request: Request) => string
}

/** A Fetch API Request as Latchkey's neutral request. */
export function toHttpRequest(request: Request, options: WebAdapterOptions = {}): HttpRequest {
  const url = new URL(request.url)
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => {
    headers[name] = value
  })
  // The Fetch API has no Host field of its own: it is the URL's authority, as the client sent it.
  headers.host ??= url.host
  return {
    method: request.method,
    url: `${url.pathname}${url.search}`,
    headers,
    readBody: async () => (request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())),
    ip: options.clientIp?.(request) ?? '',
    secure: url.protocol === 'https:',
  }
}

/** Latchkey's neutral response as a Fetch API Response (each `Set-Cookie` its own header line). */
export function toResponse(response: HttpResponse): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const line of value) headers.append(name, line)
    else headers.set(name, value as string)
  }
  const empty = response.body === undefined || response.status === 204
  return new Response(empty ? null : response.body, { status: response.status, headers })
}

export interface WebLatchkey {
  /** Latchkey's answer, or `undefined` when the path is not Latchkey's (the app's own routes continue). */
  handle(request: Request): Promise<Response | undefined>
  /** As `handle`, with a JSON 404 for any other path: a complete Fetch handler. */
  fetch(request: Request): Promise<Response>
  /** Authenticates a request to the app's own route; a refusal carries the Response to return. */
  authenticate(
    request: Request,
  ): Promise<Extract<AuthOutcome, { ok: true }> | { readonly ok: false; readonly response: Response }>
}

/**
 * Latchkey for anything built on the Fetch API (Hono, Next.js route handlers, Deno, Bun, Cloudflare Workers).
 *
 * @example
 * const auth = toWebHandler(await createLatchkey({ secretKey }, stores))
 * export default {
 *   async fetch(request: Request) {
 *     const answered = await auth.handle(request)
 *     if (answered) return answered
 *     const me = await auth.authenticate(request)
 *     return me.ok ? Response.json({ hello: me.user.username }) : me.response
 *   },
 * }
 */
export function toWebHandler(latchkey: Latchkey, options: WebAdapterOptions = {}): WebLatchkey {
  const handle = async (request: Request) => {
    const response = await latchkey.handle(toHttpRequest(request, options))
    return response === undefined ? undefined : toResponse(response)
  }
  return {
    handle,
    async fetch(request) {
      return (await handle(request)) ?? toResponse(latchkey.http.notFound())
    },
    async authenticate(request) {
      const outcome = await latchkey.authenticate(toHttpRequest(request, options))
      return outcome.ok ? outcome : { ok: false, response: toResponse(outcome.response) }
    },
  }
}
