import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { AuthError } from '../../core/errors.ts'
import { withRepeatedSingletons } from '../../core/http/duplicate-headers.ts'
import { HeaderVariants } from '../../core/http/header-variants.ts'
import type { HttpRequest } from '../../core/http/request.ts'
import type { HttpResponse } from '../../core/http/response.ts'

/**
 * A Fastify request as Latchkey's neutral request; the body is the raw buffer kept by Latchkey's parser. Address and
 * scheme are read only when a flow needs them (with trustProxy, Fastify derives both from X-Forwarded-* on every
 * read), through getters on the prototype: an object literal with getters costs V8 about a microsecond to create.
 */
class FastifyHttpRequest implements HttpRequest {
  readonly method: string
  readonly url: string
  readonly headers: HttpRequest['headers']
  readonly #request: FastifyRequest

  constructor(request: FastifyRequest) {
    this.method = request.method
    this.url = request.url
    this.headers = withRepeatedSingletons(request.headers, request.raw.rawHeaders)
    this.#request = request
  }

  async readBody(): Promise<Uint8Array | undefined> {
    const body = this.#request.body
    return Buffer.isBuffer(body) ? body : undefined
  }

  get ip(): string {
    return this.#request.ip
  }

  get secure(): boolean {
    return this.#request.protocol === 'https'
  }
}

export function toHttpRequest(request: FastifyRequest): HttpRequest {
  return new FastifyHttpRequest(request)
}

/** Writes Latchkey's response out unchanged. */
export function sendResponse(reply: FastifyReply, response: HttpResponse): FastifyReply {
  reply.code(response.status).headers(response.headers)
  return response.body === undefined ? reply.send() : reply.send(response.body)
}

/**
 * Writes Latchkey's response straight to Node's response, past Fastify's reply (`reply.hijack()`): no onSend hooks,
 * no headers an earlier hook set on the reply. Fastify's onResponse hooks and its request log still run (they
 * listen for the response's end). For a host that has none of those on Latchkey's routes (the server).
 */
export function writeDirect(reply: FastifyReply, response: HttpResponse): FastifyReply {
  reply.hijack()
  const raw = reply.raw
  if (response.body === undefined) {
    raw.writeHead(response.status, response.headers)
    raw.end()
    return reply
  }
  // Node omits the body of an answer to HEAD by itself, and keeps this length (RFC 9110 §9.3.2).
  raw.writeHead(response.status, withLength(response.headers, Buffer.byteLength(response.body)))
  raw.end(response.body)
  return reply
}

/** The answer's headers with its `Content-Length`: made once per shared header set and length (at most 256 a set). */
const WITH_LENGTH = new HeaderVariants<number>(256)

const withContentLength = (headers: HttpResponse['headers'], length: number) => ({
  ...headers,
  'content-length': String(length),
})

function withLength(headers: HttpResponse['headers'], length: number): HttpResponse['headers'] {
  return WITH_LENGTH.of(headers, length, withContentLength)
}

/** Fastify's own request errors (raised before Latchkey sees the request), as Latchkey's codes. */
export function fromFastifyError(error: FastifyError): unknown {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AuthError('payload_too_large', 'Request body is too large.')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AuthError('bad_request', 'Malformed request body.')
    default:
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
        return new AuthError('bad_request', 'Bad request.')
      return error
  }
}
