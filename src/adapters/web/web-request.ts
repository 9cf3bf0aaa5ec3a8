import type { HttpRequest } from '../../core/http/request.ts'
import type { HeaderMap } from '../../core/http.ts'

/** A Request's target (path and query) without parsing the whole URL: it is all the core needs to match. */
export function targetOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start === -1) return '/'
  const fragment = url.indexOf('#', start)
  return fragment === -1 ? url.slice(start) : url.slice(start, fragment)
}

/**
 * The header values the core reads, looked up one name at a time and each at most once. Copying every header into
 * an object costs more than the few the core reads (host, origin, credentials), and on Node's Fetch bridge
 * (@hono/node-server) iterating the headers builds a whole undici `Headers` where `get` reads Node's own object.
 */
function lazyHeaders(request: Request): HeaderMap {
  const read: Record<string, string | undefined> = Object.create(null)
  return new Proxy(read, {
    get(target, name) {
      if (typeof name !== 'string') return undefined
      if (name in target) return target[name]
      let value = request.headers.get(name) ?? undefined
      // The Fetch API has no Host field of its own where a runtime drops it: it is the URL's authority, as sent.
      if (value === undefined && name === 'host') value = new URL(request.url).host
      target[name] = value
      return value
    },
  })
}

/**
 * A Fetch API Request as Latchkey's neutral request. A class, not an object literal: V8 builds an instance of a
 * class in nanoseconds, a literal with getters in about a microsecond, and this runs on every request.
 */
export class WebHttpRequest implements HttpRequest {
  readonly method: string
  readonly url: string
  readonly headers: HeaderMap
  readonly ip: string
  readonly secure: boolean
  readonly #request: Request

  /** `headers`: the same fields from a faster source, when the host has one (Node's own, under Hono on Node). */
  constructor(request: Request, ip: string, headers?: HeaderMap) {
    const url = request.url
    this.method = request.method
    this.url = targetOf(url)
    this.headers = headers ?? lazyHeaders(request)
    this.ip = ip
    this.secure = url.startsWith('https:')
    this.#request = request
  }

  async readBody(): Promise<Uint8Array | undefined> {
    const request = this.#request
    return request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())
  }
}
