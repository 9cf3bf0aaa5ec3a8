import { ADMIN_ENDPOINTS } from '../admin/admin-endpoints.ts'
import type { AuthContext } from '../context.ts'
import { issueCsrfToken } from '../csrf/csrf-cookie.ts'
import { type Authenticated, requireUserNow } from '../flows/authenticate.ts'
import { changePassword } from '../flows/change-password.ts'
import { currentUserResult } from '../flows/current-user.ts'
import { login } from '../flows/login.ts'
import { logout } from '../flows/logout.ts'
import { listSessions, logoutAll, revokeSession } from '../flows/manage-sessions.ts'
import { refreshTokens } from '../flows/refresh.ts'
import { obtainToken, refreshTokenInBody } from '../flows/token-variant.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import {
  changePasswordSchema,
  csrfTokenSchema,
  loginSchema,
  logoutAllSchema,
  logoutSchema,
  obtainTokenSchema,
  type RouteSchema,
  refreshSchema,
  revokeSessionSchema,
  sessionsSchema,
  tokenRefreshSchema,
  userSchema,
} from './schemas.ts'

/**
 * An endpoint's work. It may answer without a promise (the user endpoint does, when everything it needs is in memory)
 * and may throw its refusal at once: the dispatcher takes both forms.
 */
export type Flow = (
  ctx: AuthContext,
  request: AuthRequest,
  params: Readonly<Record<string, string>>,
) => AuthResult | Promise<AuthResult>

/** The methods an endpoint may have a flow for (HEAD is answered as GET). */
export type HandledMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export interface Handler {
  readonly schema: RouteSchema
  /** Whether the flow reads the request body (only then is it read and parsed). */
  readonly readsBody: boolean
  readonly flow: Flow
}

export interface Endpoint {
  /** With its trailing slash, as the reference's URLconf; `:name` is a path parameter. */
  readonly path: string
  /** The methods it answers, as `Allow` lists them (with OPTIONS after). */
  readonly allow: readonly string[]
  /** DRF's view name, reported by OPTIONS. */
  readonly name: string
  /** Unsupported methods and OPTIONS still authenticate (and CSRF-check) first, as DRF's views with authenticators do. */
  readonly authenticated: boolean
  readonly handlers: Readonly<Partial<Record<HandledMethod, Handler>>>
}

/** `POST /accounts/auth/refresh_token/`: the rotated tokens in their cookies, an empty body. */
export async function refreshInCookies(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const refreshed = await refreshTokens(ctx, request, { accessCookie: true })
  return { status: 200, body: {}, cookies: refreshed.cookies }
}

/** The user endpoint's answer: DRF's UserSerializer fields of whoever authenticated. */
const currentUser = ({ user }: Authenticated): AuthResult => currentUserResult(user)

const get = (schema: RouteSchema, flow: Flow): Handler => ({ schema, flow, readsBody: false })
const post = (schema: RouteSchema, flow: Flow): Handler => ({ schema, flow, readsBody: true })

/** The reference's API under `/accounts/`, then the admin API: the one table every host serves. */
export const ENDPOINTS: readonly Endpoint[] = [
  {
    path: '/accounts/csrf_token/',
    allow: ['GET', 'HEAD'],
    name: 'Csrf Token Api',
    authenticated: false,
    handlers: {
      GET: get(csrfTokenSchema, async (ctx, request) => {
        const issued = issueCsrfToken(request, ctx.settings.csrf, ctx.random)
        return { status: 200, body: { token: issued.token }, cookies: [issued.cookie] }
      }),
    },
  },
  {
    path: '/accounts/auth/login/',
    allow: ['POST'],
    name: 'Login Api',
    authenticated: false,
    handlers: { POST: post(loginSchema, login) },
  },
  {
    path: '/accounts/auth/refresh_token/',
    allow: ['POST'],
    name: 'Refresh Token Api',
    authenticated: false,
    handlers: {
      POST: post(refreshSchema, refreshInCookies),
    },
  },
  {
    path: '/accounts/auth/logout/',
    allow: ['POST'],
    name: 'Logout Api',
    authenticated: false,
    handlers: { POST: post(logoutSchema, logout) },
  },
  {
    path: '/accounts/user/',
    allow: ['GET', 'HEAD'],
    name: 'User Retrieve Api',
    authenticated: true,
    handlers: {
      GET: get(userSchema, (ctx, request) => {
        const auth = requireUserNow(ctx, request)
        return auth instanceof Promise ? auth.then(currentUser) : currentUser(auth)
      }),
    },
  },
  {
    path: '/accounts/auth/logout_all/',
    allow: ['POST'],
    name: 'Logout All Api',
    authenticated: false,
    handlers: { POST: post(logoutAllSchema, logoutAll) },
  },
  {
    path: '/accounts/sessions/',
    allow: ['GET', 'HEAD'],
    name: 'Session List Api',
    authenticated: true,
    handlers: { GET: get(sessionsSchema, listSessions) },
  },
  {
    path: '/accounts/sessions/:id/',
    allow: ['DELETE'],
    name: 'Session Api',
    authenticated: true,
    handlers: {
      DELETE: get(revokeSessionSchema, (ctx, request, params) =>
        revokeSession(ctx, request, params.id ?? ''),
      ),
    },
  },
  {
    path: '/accounts/password/change/',
    allow: ['POST'],
    name: 'Password Change Api',
    authenticated: true,
    handlers: { POST: post(changePasswordSchema, changePassword) },
  },
  {
    path: '/accounts/auth/token/',
    allow: ['POST'],
    name: 'Token Obtain Api',
    authenticated: false,
    handlers: { POST: post(obtainTokenSchema, obtainToken) },
  },
  {
    path: '/accounts/auth/token/refresh/',
    allow: ['POST'],
    name: 'Token Refresh Api',
    authenticated: false,
    handlers: { POST: post(tokenRefreshSchema, refreshTokenInBody) },
  },
  ...ADMIN_ENDPOINTS,
]
