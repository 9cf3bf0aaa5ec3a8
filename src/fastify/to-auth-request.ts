import type { FastifyRequest } from 'fastify'
import { parseBody } from '../core/body/parse-body.ts'
import type { AuthRequest, RequestBody } from '../core/http.ts'

const NO_BODY: RequestBody = { kind: 'none' }

/** The raw body kept by Latchkey's catch-all content-type parser; parsed as DRF would, on demand. */
export function rawBody(request: FastifyRequest): Buffer | undefined {
  return Buffer.isBuffer(request.body) ? request.body : undefined
}

/** Translates a Fastify request into the core's neutral request. */
export async function toAuthRequest(request: FastifyRequest): Promise<AuthRequest> {
  const raw = rawBody(request)
  return {
    method: request.method,
    path: request.url.split('?', 1)[0] ?? '/',
    query: request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '',
    headers: request.headers,
    body: raw === undefined ? NO_BODY : await parseBody(request.headers['content-type'], raw),
    ip: request.ip,
    secure: request.protocol === 'https',
  }
}
