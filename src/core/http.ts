/**
 * The framework-neutral shapes a flow reads and returns. `http/` builds them from the neutral HTTP request and turns
 * results into the neutral response that adapters (src/adapters) write out.
 */

import type { CookieJar } from './cookies/cookie-jar.ts'

export type HeaderValue = string | readonly string[] | undefined

/** Request headers by lower-case name, as Node hands them over. */
export type HeaderMap = Readonly<Record<string, HeaderValue>>

/** The first value of a header, or undefined. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name]
  if (value === undefined) return undefined
  return typeof value === 'string' ? value : value[0]
}

/** A parsed request body. Field values of form and multipart bodies keep repetition, as Django's QueryDict does. */
export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'form'; readonly fields: Readonly<Record<string, readonly string[]>> }
  /** A body of a media type no parser accepts; flows that read a body answer 415 with it. */
  | { readonly kind: 'unsupported'; readonly mediaType: string }
  /** A body its parser refused; `detail` is DRF's ParseError text. */
  | { readonly kind: 'malformed'; readonly detail: string }

/** A request as the core reads it: what an adapter builds from its framework's request. */
export interface AuthRequest {
  /** Upper-case method, as received. */
  readonly method: string
  /** Path without the query string. */
  readonly path: string
  /** The query string without its `?` (`page=2&page_size=10`); absent or empty when there is none. */
  readonly query?: string
  readonly headers: HeaderMap
  /**
   * The cookies, parsed once (see `CookieJar`). Every request Latchkey builds has them; a request built by hand for
   * `latchkey.flows` may leave them out, and they are then read from `headers.cookie`.
   */
  readonly cookies?: CookieJar
  readonly body: RequestBody
  /** The client address: the socket peer, or the proxy-reported one only when `trustProxy` is configured. */
  readonly ip: string
  /** Whether the request reached us over HTTPS (directly, or through a trusted proxy). */
  readonly secure: boolean
}

export type SameSite = 'Lax' | 'Strict' | 'None'

/** A cookie to set or delete, as a value; `core/cookies` turns it into a `Set-Cookie` header. */
export interface SetCookie {
  readonly name: string
  readonly value: string
  /** Seconds; 0 deletes. */
  readonly maxAge: number
  readonly path: string
  readonly domain: string | null
  readonly secure: boolean
  readonly httpOnly: boolean
  readonly sameSite: SameSite | null
}

/** A response as the core returns it: status, JSON body, cookies to set and headers, for an adapter to send. */
export interface AuthResult {
  readonly status: number
  /** A JSON-serialisable body. */
  readonly body: unknown
  /** The same body already serialised as JSON, when the flow has it at hand (it is then not serialised again). */
  readonly bodyText?: string
  readonly cookies: readonly SetCookie[]
  readonly headers?: Readonly<Record<string, string>>
}

export function jsonResult(body: unknown, cookies: readonly SetCookie[] = [], status = 200): AuthResult {
  return { status, body, cookies }
}
