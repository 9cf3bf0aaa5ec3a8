import { serializeSetCookie } from '../cookies/set-cookie.ts'
import type { SetCookie } from '../http.ts'

/** A cookie to set, as a value with its absolute expiry (epoch ms; 0 for a deletion). */
export interface ResponseCookie extends SetCookie {
  readonly expires: number
}

/**
 * What Latchkey answers, for the host to write out unchanged. Header names are lower-case; `set-cookie` is a list,
 * already serialised as Django writes it, in order. `body` is JSON text (or undefined for none); a host answering
 * HEAD drops it as HTTP requires (RFC 9110 §9.3.2), keeping `content-type`.
 *
 * @example
 * reply.code(response.status).headers(response.headers).send(response.body)
 */
export interface HttpResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[]>>
  readonly body: string | undefined
  /** The cookies of `set-cookie`, as values, for hosts that prefer their framework's cookie API. */
  readonly cookies: readonly ResponseCookie[]
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

const NO_COOKIES: readonly ResponseCookie[] = Object.freeze([])

/** A JSON answer that sets no cookie, with headers built beforehand (shared, never written to). */
export function jsonResponse(
  status: number,
  headers: Readonly<Record<string, string>>,
  text: string,
): HttpResponse {
  return { status, headers, body: text, cookies: NO_COOKIES }
}

/** Builds a response; headers are written in the order given. */
export class ResponseBuilder {
  readonly headers: Record<string, string | string[]> = {}
  private cookieValues: ResponseCookie[] = []
  private readonly now: number

  constructor(now: number) {
    this.now = now
  }

  set(headers: Readonly<Record<string, string>> | undefined): this {
    if (headers !== undefined) Object.assign(this.headers, headers)
    return this
  }

  cookies(cookies: readonly SetCookie[]): this {
    if (cookies.length === 0) return this
    this.headers['set-cookie'] = cookies.map((cookie) => serializeSetCookie(cookie, this.now))
    this.cookieValues = cookies.map((cookie) => ({
      ...cookie,
      expires: cookie.maxAge === 0 ? 0 : this.now + cookie.maxAge * 1000,
    }))
    // A response that sets a cookie must never be stored by a shared cache (RFC 9111 §3; OWASP ASVS 8.2.1).
    this.headers['cache-control'] = 'no-store'
    return this
  }

  json(status: number, body: unknown): HttpResponse {
    if (body === undefined) return this.empty(status)
    return this.jsonText(status, JSON.stringify(body))
  }

  /** A body already serialised as JSON. */
  jsonText(status: number, text: string): HttpResponse {
    this.headers['content-type'] = JSON_CONTENT_TYPE
    return { status, headers: this.headers, body: text, cookies: this.cookieValues }
  }

  empty(status: number): HttpResponse {
    return { status, headers: this.headers, body: undefined, cookies: this.cookieValues }
  }
}
