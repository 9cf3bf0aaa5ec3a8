import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import type { AuthContext } from '../core/context.ts'
import { issueCsrfToken } from '../core/csrf/csrf-cookie.ts'
import { AuthError } from '../core/errors.ts'
import { requireUser } from '../core/flows/authenticate.ts'
import { changePassword } from '../core/flows/change-password.ts'
import { userBody } from '../core/flows/current-user.ts'
import { login } from '../core/flows/login.ts'
import { logout } from '../core/flows/logout.ts'
import { listSessions, logoutAll, revokeSession } from '../core/flows/manage-sessions.ts'
import { refreshTokens } from '../core/flows/refresh.ts'
import { obtainToken, refreshTokenInBody } from '../core/flows/token-variant.ts'
import type { AuthRequest, AuthResult } from '../core/http.ts'
import {
  changePasswordSchema,
  csrfTokenSchema,
  loginSchema,
  logoutAllSchema,
  logoutSchema,
  obtainTokenSchema,
  refreshSchema,
  revokeSessionSchema,
  sessionsSchema,
  tokenRefreshSchema,
  userSchema,
} from './schemas.ts'
import { sendResult } from './send-result.ts'
import { toAuthRequest } from './to-auth-request.ts'

export type Flow = (request: AuthRequest, params: Readonly<Record<string, string>>) => Promise<AuthResult>

export interface Endpoint {
  readonly path: string
  readonly allow: readonly HTTPMethods[]
  /** DRF's view name, reported by OPTIONS. */
  readonly name: string
  /** Unsupported methods still authenticate (and CSRF-check) first, as DRF's views with authenticators do. */
  readonly authenticated: boolean
}

function methodNotAllowed(method: string): AuthError {
  return new AuthError('method_not_allowed', `Method "${method}" not allowed.`)
}

/**
 * Registers one endpoint: its handlers, an OPTIONS answer, and a 405 with `Allow` for every other method the
 * server knows. Paths match with or without the trailing slash (the router ignores it), never with a redirect.
 */
export function endpoint(
  app: FastifyInstance,
  ctx: AuthContext,
  spec: Endpoint,
  handlers: Partial<Record<HTTPMethods, { schema: object; flow: Flow }>>,
): void {
  const allowHeader = [...spec.allow, 'OPTIONS'].join(', ')
  const send = (reply: FastifyReply, result: AuthResult) =>
    sendResult(reply.header('allow', allowHeader), result, ctx.clock.now())
  for (const [method, handler] of Object.entries(handlers)) {
    if (handler === undefined) continue
    app.route({
      method: method as HTTPMethods,
      url: spec.path,
      schema: handler.schema,
      handler: async (request, reply) =>
        send(
          reply,
          await handler.flow(await toAuthRequest(request), request.params as Record<string, string>),
        ),
    })
  }
  app.route({
    method: 'OPTIONS',
    url: spec.path,
    schema: { hide: true },
    handler: async (request, reply) => {
      if (spec.authenticated) await requireUser(ctx, await toAuthRequest(request))
      return send(reply, {
        status: 200,
        body: { name: spec.name, description: '', renders: ['application/json'], parses: PARSES },
        cookies: [],
      })
    },
  })
  const others = app.supportedMethods.filter(
    (m) =>
      !spec.allow.includes(m as HTTPMethods) &&
      m !== 'OPTIONS' &&
      !(m === 'HEAD' && spec.allow.includes('GET')),
  )
  app.route({
    method: others as HTTPMethods[],
    url: spec.path,
    schema: { hide: true },
    handler: async (request: FastifyRequest, reply) => {
      reply.header('allow', allowHeader)
      if (spec.authenticated) await requireUser(ctx, await toAuthRequest(request))
      throw methodNotAllowed(request.method)
    },
  })
}

const PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']

/** The reference's API under `/accounts/`. */
export function registerAccountRoutes(app: FastifyInstance, ctx: AuthContext): void {
  endpoint(
    app,
    ctx,
    { path: '/accounts/csrf_token/', allow: ['GET', 'HEAD'], name: 'Csrf Token Api', authenticated: false },
    {
      GET: {
        schema: csrfTokenSchema,
        flow: async (request) => {
          const issued = issueCsrfToken(request, ctx.settings.csrf, ctx.random)
          return { status: 200, body: { token: issued.token }, cookies: [issued.cookie] }
        },
      },
    },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/auth/login/', allow: ['POST'], name: 'Login Api', authenticated: false },
    { POST: { schema: loginSchema, flow: (request) => login(ctx, request) } },
  )
  endpoint(
    app,
    ctx,
    {
      path: '/accounts/auth/refresh_token/',
      allow: ['POST'],
      name: 'Refresh Token Api',
      authenticated: false,
    },
    {
      POST: {
        schema: refreshSchema,
        flow: async (request) => {
          const refreshed = await refreshTokens(ctx, request, { accessCookie: true })
          return { status: 200, body: {}, cookies: refreshed.cookies }
        },
      },
    },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/auth/logout/', allow: ['POST'], name: 'Logout Api', authenticated: false },
    { POST: { schema: logoutSchema, flow: (request) => logout(ctx, request) } },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/user/', allow: ['GET', 'HEAD'], name: 'User Retrieve Api', authenticated: true },
    {
      GET: {
        schema: userSchema,
        flow: async (request) => {
          const auth = await requireUser(ctx, request)
          return { status: 200, body: userBody(auth.user), cookies: [] }
        },
      },
    },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/auth/logout_all/', allow: ['POST'], name: 'Logout All Api', authenticated: false },
    { POST: { schema: logoutAllSchema, flow: (request) => logoutAll(ctx, request) } },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/sessions/', allow: ['GET', 'HEAD'], name: 'Session List Api', authenticated: true },
    { GET: { schema: sessionsSchema, flow: (request) => listSessions(ctx, request) } },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/sessions/:id/', allow: ['DELETE'], name: 'Session Api', authenticated: true },
    {
      DELETE: {
        schema: revokeSessionSchema,
        flow: (request, params) => revokeSession(ctx, request, params.id ?? ''),
      },
    },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/password/change/', allow: ['POST'], name: 'Password Change Api', authenticated: true },
    { POST: { schema: changePasswordSchema, flow: (request) => changePassword(ctx, request) } },
  )
  endpoint(
    app,
    ctx,
    { path: '/accounts/auth/token/', allow: ['POST'], name: 'Token Obtain Api', authenticated: false },
    { POST: { schema: obtainTokenSchema, flow: (request) => obtainToken(ctx, request) } },
  )
  endpoint(
    app,
    ctx,
    {
      path: '/accounts/auth/token/refresh/',
      allow: ['POST'],
      name: 'Token Refresh Api',
      authenticated: false,
    },
    { POST: { schema: tokenRefreshSchema, flow: (request) => refreshTokenInBody(ctx, request) } },
  )
}
