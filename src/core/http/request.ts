import { parseBody } from '../body/parse-body.ts'
import { CookieJar } from '../cookies/cookie-jar.ts'
import type { AuthRequest, HeaderMap, RequestBody } from '../http.ts'

/**
 * The request every host hands to Latchkey: what any HTTP framework knows about a request, nothing more. The body
 * is read only when an endpoint needs it, and parsed as DRF would (JSON, form, multipart) only then.
 *
 * @example
 * const request: HttpRequest = {
 *   method: 'GET',
 *   url: '/accounts/user/?verbose=1',
 *   headers: { host: 'api.example.com', cookie: 'access_token=…' },
 *   ip: '203.0.113.7',
 *   secure: true,
 * }
 */
export interface HttpRequest {
  /** Upper-case method, as received. */
  readonly method: string
  /** The request target: path and query string, as received (`/accounts/user/?a=b`). */
  readonly url: string
  /** Header values by lower-case name. */
  readonly headers: HeaderMap
  /** The raw body, read on demand (a host that has already read it returns the bytes it holds). */
  readonly readBody?: () => Promise<Uint8Array | undefined>
  /** The client address: the socket peer, or the proxy-reported one only when the host trusts that proxy. */
  readonly ip: string
  /** Whether the request reached the host over HTTPS (directly, or through a trusted proxy). */
  readonly secure: boolean
}

/** The path of a request target, without its query string; an absolute-form target's too (RFC 9112 §3.2.2). */
export function pathOf(url: string): string {
  const absolute = url.startsWith('/') ? undefined : /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)
  const target = absolute ? url.slice(absolute[0].length) || '/' : url
  // Two indexOf calls, not a regular expression: every request goes through here several times.
  const query = target.indexOf('?')
  const fragment = target.indexOf('#')
  const end = query === -1 ? fragment : fragment === -1 ? query : Math.min(query, fragment)
  return end === -1 ? target : target.slice(0, end)
}

/** The query string of a request target, without `?` and without a fragment. */
export function queryOf(url: string): string {
  const start = url.indexOf('?')
  if (start === -1) return ''
  const end = url.indexOf('#', start)
  return url.slice(start + 1, end === -1 ? undefined : end)
}

/** Bodies past this size are refused with 413 before they are parsed (as the server's 1 MiB body limit always has). */
export const MAX_BODY_BYTES = 1024 * 1024

const NO_BODY: RequestBody = { kind: 'none' }

/**
 * The flows' view of a request. Path, query, address and scheme are worked out only when a flow reads them (the
 * guard of an app's own route reads none; hosts may derive address and scheme from trust-proxy rules); the getters
 * live on the prototype, because an object literal with getters costs V8 about a microsecond to create, on every
 * request. The cookies are parsed once, on the first read of any of them.
 */
class NeutralAuthRequest implements AuthRequest {
  readonly method: string
  readonly headers: HttpRequest['headers']
  readonly body: RequestBody
  readonly #request: HttpRequest
  #path: string | undefined
  #query: string | undefined
  #cookies: CookieJar | undefined

  constructor(request: HttpRequest, body: RequestBody) {
    this.method = request.method
    this.headers = request.headers
    this.body = body
    this.#request = request
  }

  get path(): string {
    this.#path ??= pathOf(this.#request.url)
    return this.#path
  }

  get query(): string {
    this.#query ??= queryOf(this.#request.url)
    return this.#query
  }

  get cookies(): CookieJar {
    this.#cookies ??= new CookieJar(this.headers.cookie)
    return this.#cookies
  }

  get ip(): string {
    return this.#request.ip
  }

  get secure(): boolean {
    return this.#request.secure
  }
}

/** The flows' view of a request, with its body already parsed (none unless the endpoint reads one). */
export function toAuthRequest(request: HttpRequest, body: RequestBody = NO_BODY): AuthRequest {
  return new NeutralAuthRequest(request, body)
}

/** Parses raw body bytes as DRF would (JSON, form, multipart), by the request's Content-Type. */
export function parseRequestBody(request: HttpRequest, raw: Uint8Array | undefined): Promise<RequestBody> {
  const buffer = raw === undefined ? undefined : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
  const contentType = request.headers['content-type']
  return parseBody(typeof contentType === 'string' ? contentType : contentType?.[0], buffer)
}
