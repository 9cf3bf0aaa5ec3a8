import type { FastifyReply } from 'fastify'
import { serializeSetCookie } from '../core/cookies/set-cookie.ts'
import type { AuthError } from '../core/errors.ts'
import type { AuthResult, SetCookie } from '../core/http.ts'

function setCookies(reply: FastifyReply, cookies: readonly SetCookie[], now: number): void {
  if (cookies.length === 0) return
  reply.header(
    'set-cookie',
    cookies.map((cookie) => serializeSetCookie(cookie, now)),
  )
  // A response that sets a cookie must never be stored by a shared cache (checklist S73).
  reply.header('cache-control', 'no-store')
}

/** Sends a flow's result. */
export function sendResult(reply: FastifyReply, result: AuthResult, now: number): FastifyReply {
  setCookies(reply, result.cookies, now)
  if (result.headers) reply.headers(result.headers)
  return reply.code(result.status).send(result.body)
}

/** Sends an AuthError as `{detail, code, …}`; every 401 names the Bearer realm, as the reference's views do. */
export function sendError(reply: FastifyReply, error: AuthError, now: number): FastifyReply {
  setCookies(reply, error.cookies, now)
  if (error.headers) reply.headers(error.headers)
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="api"')
  return reply.code(error.status).send(error.toBody())
}
