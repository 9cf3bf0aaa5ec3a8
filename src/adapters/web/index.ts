import { type AuthOutcome, authenticatorOf, type Latchkey } from '../../core/create-latchkey.ts'
import type { HttpRequest } from '../../core/http/request.ts'
import type { HttpResponse } from '../../core/http/response.ts'
import { targetOf, WebHttpRequest } from './web-request.ts'

/**
 * A Fetch API Request as Latchkey's neutral request. Headers are read only when the core asks for them, one name at
 * a time. The Request knows no client address: pass it from the runtime's connection info (`''` when unknown; it
 * keys the per-IP login limit and the session list).
 *
 * @example
 * const response = await latchkey.handle(toHttpRequest(request, clientAddress))
 */
export function toHttpRequest(request: Request, ip = ''): HttpRequest {
  return new WebHttpRequest(request, ip)
}

/**
 * Latchkey's neutral response as a Fetch API Response (each `Set-Cookie` its own header line).
 *
 * @example
 * const answered = await latchkey.handle(toHttpRequest(request))
 * if (answered !== undefined) return toResponse(answered)
 */
export function toResponse(response: HttpResponse): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(response.headers)) {
    if (Array.isArray(value)) for (const line of value) headers.append(name, line)
    else headers.set(name, value as string)
  }
  const empty = response.body === undefined || response.status === 204
  return new Response(empty ? null : response.body, { status: response.status, headers })
}

/** `handle`'s answer for a path that is not Latchkey's: one settled promise, shared (it holds no state). */
const NOT_OURS: Promise<undefined> = Promise.resolve(undefined)

/** An outcome with its refusal as a Fetch API Response. */
function asWebOutcome(outcome: AuthOutcome): Awaited<ReturnType<WebLatchkey['authenticate']>> {
  return outcome.ok ? outcome : { ok: false, response: toResponse(outcome.response) }
}

/** What `toWebHandler` returns: Latchkey in Fetch API terms (Request in, Response out). */
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
  // Not async: another path of the app's is passed on at once, with no request built for it and no promise made.
  const handle = (request: Request, ip?: string) => {
    if (!latchkey.http.serves(targetOf(request.url))) return NOT_OURS
    return latchkey
      .handle(toHttpRequest(request, ip))
      .then((response) => (response === undefined ? undefined : toResponse(response)))
  }
  const authenticate = authenticatorOf(latchkey)
  return {
    handle,
    async fetch(request, ip) {
      return (await handle(request, ip)) ?? toResponse(latchkey.http.notFound())
    },
    // The usual request (the user cached) settles with one promise, made here, and none in between.
    authenticate(request, ip) {
      const outcome = authenticate(toHttpRequest(request, ip))
      return outcome instanceof Promise ? outcome.then(asWebOutcome) : Promise.resolve(asWebOutcome(outcome))
    },
  }
}
