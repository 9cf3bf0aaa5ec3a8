import type { Socket } from 'node:net'
import { NO_STORE, SECURITY_HEADERS } from '../core/http/conventions.ts'

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
}

/** The answer to a request Node refused before any route saw it, as Latchkey answers everything: JSON, with headers. */
function answer(status: number, code: string, detail: string): string {
  const body = JSON.stringify({ detail, code })
  const headers = {
    ...SECURITY_HEADERS,
    ...NO_STORE,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  }
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`)
  return `HTTP/1.1 ${status} ${REASONS[status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refused (malformed, a head past the size limit) or a
 * client too slow for the server's limits gets a JSON answer with the security headers every other answer carries,
 * then the connection closes. Nothing is written once an answer has begun on the socket: that would corrupt it.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (!socket.writable || inFlight?.headersSent === true) {
    socket.destroy(error)
    return
  }
  if (error.code === 'HPE_HEADER_OVERFLOW')
    socket.end(answer(431, 'header_too_large', 'Request header fields too large.'))
  else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    socket.end(answer(408, 'request_timeout', 'The request took too long to arrive.'))
  else socket.end(answer(400, 'bad_request', 'Malformed HTTP request.'))
}
