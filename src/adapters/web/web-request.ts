import type { HttpRequest } from '../../core/http/request.ts'
import type { HeaderMap } from '../../core/http.ts'

/** A Request's target (path and query) without parsing the whole URL: it is all the core needs to match. */
export function targetOf(url: string): string {
  // The authority starts after `http://` or `https://` (a Request's URL is absolute); any other scheme is searched.
  const authority = url.startsWith('http://') ? 7 : url.startsWith('https://') ? 8 : url.indexOf('//') + 2
  const start = url.indexOf('/', authority)
  if (start === -1) return '/'
  const fragment = url.indexOf('#', start)
  return fragment === -1 ? url.slice(start) : url.slice(start, fragment)
}

/** One header of a Request, as the core reads it: `undefined` where absent. */
function fetchHeader(request: Request, name: string): string | undefined {
  const value = request.headers.get(name) ?? undefined
  // The Fetch API has no Host field of its own where a runtime drops it: it is the URL's authority, as sent.
  if (value === undefined && name === 'host') return new URL(request.url).host
  return value
}

/** Not read yet (a header's value is a string, or `undefined` when absent). */
const UNREAD = null

/**
 * A Request's headers as the core reads them (by lower-case name), each read from the Request only when asked for.
 * Copying every header into an object costs more than the few the core reads, and on Node's Fetch bridge
 * (@hono/node-server) iterating them builds a whole undici `Headers` where `get` reads Node's own object.
 *
 * The four names every guarded request reads (Host, Origin, the two credentials) are getters that remember their
 * value: the core reads some of them more than once, and `Headers.get` validates and lower-cases the name on every
 * call. Any other name falls through to a Proxy at the end of the prototype chain and is read as it is asked for.
 * One plain object a request: a Proxy of its own per request, with a dictionary behind it, cost the guard more
 * than all of its own work (5,000 instructions of 22,000 on the wire, measured with callgrind).
 */
class FetchHeaderMap {
  readonly #request: Request
  /** Host, Origin, Cookie and Authorization, in that order, once read. */
  readonly #values: (string | undefined | typeof UNREAD)[] = [UNREAD, UNREAD, UNREAD, UNREAD]

  constructor(request: Request) {
    this.#request = request
  }

  #remembered(slot: number, name: string): string | undefined {
    let value = this.#values[slot]
    if (value === UNREAD) {
      value = fetchHeader(this.#request, name)
      this.#values[slot] = value
    }
    return value
  }

  get host(): string | undefined {
    return this.#remembered(0, 'host')
  }

  get origin(): string | undefined {
    return this.#remembered(1, 'origin')
  }

  get cookie(): string | undefined {
    return this.#remembered(2, 'cookie')
  }

  get authorization(): string | undefined {
    return this.#remembered(3, 'authorization')
  }

  static {
    // Every other name: read through from the Request (`receiver` is the instance the core asked).
    const others = new Proxy(Object.create(null) as object, {
      get: (_target, name, receiver: FetchHeaderMap) =>
        typeof name === 'string' ? fetchHeader(receiver.#request, name) : undefined,
    })
    Object.setPrototypeOf(FetchHeaderMap.prototype, others)
  }
}

/**
 * A Fetch API Request as Latchkey's neutral request. A class, not an object literal: V8 builds an instance of a
 * class in nanoseconds, a literal with getters in about a microsecond, and this runs on every request.
 */
export class WebHttpRequest implements HttpRequest {
  readonly method: string
  readonly url: string
  readonly headers: HeaderMap
  readonly secure: boolean
  readonly #request: Request
  #ip: string | (() => string)

  /**
   * `ip`: the client address, or how to find it when a flow reads it (a guard never does, and a runtime's connection
   * info may build an object per call). `headers`: the same fields from a faster source, when the host has one
   * (Node's own, under Hono on Node).
   */
  constructor(request: Request, ip: string | (() => string), headers?: HeaderMap) {
    const url = request.url
    this.method = request.method
    this.url = targetOf(url)
    // A class instance has no index signature in TypeScript's eyes; every name reads as a HeaderMap's would.
    this.headers = headers ?? (new FetchHeaderMap(request) as unknown as HeaderMap)
    this.#ip = ip
    this.secure = url.startsWith('https:')
    this.#request = request
  }

  get ip(): string {
    if (typeof this.#ip === 'function') this.#ip = this.#ip()
    return this.#ip
  }

  async readBody(): Promise<Uint8Array | undefined> {
    const request = this.#request
    return request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())
  }
}
