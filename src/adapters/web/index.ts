import type { AuthOutcome, Latchkey } from '../../core/create-latchkey.ts'
import type { HttpRequest } from '../../core/http/request.ts'
import type { HttpResponse } from '../../core/http/response.ts'

/** A Request's target (path and query) without parsing the whole URL: it is all the core needs to match. */
function targetOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  return start === -1 ? '/' : url.slice(start).replace(/#.*$/, '')
}

/**
 * A Fetch API Request as Latchkey's neutral request. Headers are copied only when read (a path that is not
 * Latchkey's never reads them). The Request knows no client address: pass it from the runtime's connection info
 * (`''` when unknown; it keys the per-IP login limit and the session list).
 */
export function toHttpRequest(request: Request, ip = ''): HttpRequest {
  let headers: Record<string, string> | undefined
  return {
    method: request.method,
    url: targetOf(request.url),
    get headers() {
      if (headers !== undefined) return headers
      headers = {}
      for (const [name, value] of request.headers) headers[name] = value
      // The Fetch API has no Host field of its own: it is the URL's authority, as the client sent it.
      headers.host ??= new URL(request.url).host
      return headers
    },
    readBody: async () => (request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())),
    ip,
    secure: request.url.startsWith('https:'),
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
  handle(request: Request, ip?: string): Promise<Response | undefined>
  /** As `handle`, with a JSON 404 for any other path: a complete Fetch handler. */
  fetch(request: Request, ip?: string): Promise<Response>
  /** Authenticates a request to the app's own route; a refusal carries the Response to return. */
  authenticate(
    request: Request,
    ip?: string,
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
export function toWebHandler(latchkey: Latchkey): WebLatchkey {
  const handle = async (request: Request, ip?: string) => {
    const response = await latchkey.handle(toHttpRequest(request, ip))
    return response === undefined ? undefined : toResponse(response)
  }
  return {
    handle,
    async fetch(request, ip) {
      return (await handle(request, ip)) ?? toResponse(latchkey.http.notFound())
    },
    async authenticate(request, ip) {
      const outcome = await latchkey.authenticate(toHttpRequest(request, ip))
      return outcome.ok ? outcome : { ok: false, response: toResponse(outcome.response) }
    },
  }
}
