import type { AuditPage, AuditQuery, AuditStore } from './audit/audit-store.ts'
import { CLI_ACTOR } from './audit/record-admin-action.ts'
import type { AuthContext } from './context.ts'
import { type AuthCoreDependencies, createAuthCore } from './create-auth-core.ts'
import { AuthError, isAuthError } from './errors.ts'
import type { AuthEvents, EventOrigin } from './events.ts'
import { type Authenticated, requireUserNow } from './flows/authenticate.ts'
import { changePassword } from './flows/change-password.ts'
import { deactivateUser } from './flows/deactivate-user.ts'
import { login } from './flows/login.ts'
import { logout } from './flows/logout.ts'
import { listSessions, logoutAll } from './flows/manage-sessions.ts'
import { obtainToken, refreshTokenInBody } from './flows/token-variant.ts'
import { refuseRequest } from './http/conventions.ts'
import { refreshInCookies } from './http/endpoints.ts'
import { createHttpHandler, type HttpHandler } from './http/handler.ts'
import { openApiDocument } from './http/openapi.ts'
import { type HttpRequest, toAuthRequest } from './http/request.ts'
import type { HttpResponse } from './http/response.ts'
import type { AuthRequest, AuthResult } from './http.ts'
import { createLifecycle } from './lifecycle.ts'
import { checkOptionKeys } from './option-keys.ts'
import type { LatchkeyOptions, Settings } from './options.ts'
import type { ServiceClockStore } from './sessions/service-clock.ts'
import type { SessionStore } from './sessions/session.ts'
import { isUnavailable } from './storage-unavailable.ts'
import type { KeyStore, SigningAlgorithm, StoredKey } from './tokens/key-store.ts'
import type { PublishedKey } from './tokens/keyring.ts'
import { reloadKeyring } from './tokens/keyring-refresh.ts'
import { type RotationPlan, rotateSigningKey } from './tokens/rotate-signing-key.ts'
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  setUserPassword,
  updateUser,
} from './users/manage-users.ts'
import type { User, UserChange, UserPage, UserQuery, UserStore } from './users/user.ts'
import { normalizeUsername } from './users/username.ts'

/** The library's options: the settings, plus the event hooks. */
export interface CreateLatchkeyOptions extends LatchkeyOptions {
  /** Called after the fact; each event is also one structured log line. */
  events?: AuthEvents
}

/** The stores Latchkey keeps its state in (`createSqliteStores`, `createPostgresStores`, `createMemoryStores`). */
export interface LatchkeyStores {
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly keys: KeyStore
  /** The audit log's table; without it, security events are only logged. */
  readonly audit?: AuditStore
  /** The persisted service clock the refresh grace window is measured on (wall time where absent). */
  readonly serviceClock?: ServiceClockStore
}

/** What a deployment injects besides the stores: time, randomness, logging, and the shared services of a cluster. */
export interface LatchkeyDependencies
  extends Omit<AuthCoreDependencies, 'users' | 'sessions' | 'keys' | 'events'> {
  /** How often the database is polled for revocations made elsewhere while the bus is down or absent (1 s). */
  readonly revocationPollMs?: number
}

/**
 * The answer of `authenticate`: the user and session, or the refusal — the AuthError and the exact response the
 * auth API would have answered with (401 with `WWW-Authenticate`, 403 for a failed CSRF check …), ready to send.
 */
export type AuthOutcome =
  | ({ readonly ok: true } & Authenticated)
  | { readonly ok: false; readonly error: AuthError; readonly response: HttpResponse }

/** A user to create with `latchkey.users.create`: the password in clear, validated and hashed there. */
export interface NewUserWithPassword {
  readonly username: string
  readonly password: string
  readonly firstName?: string
  readonly lastName?: string
  readonly email?: string
  readonly isStaff?: boolean
  readonly isSuperuser?: boolean
}

/** `users.create`'s answer: the user, or why not (Django's password validator messages, or a taken username). */
export type CreateUserOutcome =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly problems: readonly string[] }

/** One Latchkey instance: the HTTP contract, the guard for the app's own routes, its background work, keys, users. */
export interface Latchkey {
  /** The validated, frozen settings. */
  readonly settings: Settings
  /**
   * Answers a request to Latchkey's API (`/accounts/…`, `/openapi.json`), or `undefined` when the path is not
   * Latchkey's, so the host's own routes continue.
   */
  handle(request: HttpRequest): Promise<HttpResponse | undefined>
  /**
   * Authenticates a request to the app's own route exactly as `/accounts/user/` does: the host check
   * (`allowedHosts`), CSRF for a cookie on an unsafe method, the token, the session's revocation, the user.
   */
  authenticate(request: HttpRequest): Promise<AuthOutcome>
  /** Starts the background work (revocation sync, keyring refresh). Call once, before serving. */
  start(): Promise<void>
  /** Stops it and closes the revocation bus. */
  stop(): Promise<void>
  /** The lower-level HTTP pieces, for a host that applies Latchkey's conventions to routes of its own. */
  readonly http: HttpHandler
  readonly keys: {
    /** Adds a signing key (staged: verify-only, then signing after `keyActivationDelay`). */
    rotate(algorithm?: SigningAlgorithm): Promise<RotationPlan>
    list(): Promise<readonly StoredKey[]>
    /** The public keys, as a JWKS serves them (RFC 7517); empty while only HMAC keys sign. */
    published(): PublishedKey[]
  }
  readonly users: {
    /** Validates the password with Django's default validators, hashes it (argon2id) and creates the user. */
    create(user: NewUserWithPassword): Promise<CreateUserOutcome>
    /** Refuses the user's logins and revokes every session at once, on every instance. */
    deactivate(userId: number, origin?: EventOrigin): Promise<number>
    /** By username, NFKC-normalised as at login. */
    findByUsername(username: string): Promise<User | undefined>
    /** One page of users (search in username, email and names; filters on the flags), by id. */
    list(query: UserQuery): Promise<UserPage>
    /** The user; AuthError `not_found` for an unknown id. */
    get(userId: number): Promise<User>
    /** Names, email, flags; `isActive: false` deactivates, `true` reactivates; the last active superuser stays. */
    update(userId: number, change: UserChange): Promise<User>
    /** Django's validators; revokes the user's sessions unless `revokeSessions` is false. Returns how many. */
    setPassword(userId: number, password: string, options?: { revokeSessions?: boolean }): Promise<number>
    /** Deletes the user and their sessions (their access tokens die at once). */
    delete(userId: number): Promise<void>
  }
  readonly audit: {
    /** The audit log, newest first, after writing what is still queued (as `GET /accounts/admin/events/`). */
    list(query: AuditQuery): Promise<AuditPage>
  }
  /** The OpenAPI 3.0 document of the API. */
  openApi(): Record<string, unknown>
  /**
   * The flows behind the endpoints, bound to this instance, for an adapter that routes by itself: each takes the
   * flows' request (`AuthRequest`, body parsed) and returns a result whose cookies are values, or throws AuthError.
   */
  readonly flows: Readonly<Record<FlowName, (request: AuthRequest) => Promise<AuthResult>>>
}

type FlowName =
  | 'login'
  | 'refresh'
  | 'logout'
  | 'logoutAll'
  | 'listSessions'
  | 'changePassword'
  | 'obtainToken'
  | 'refreshTokenInBody'

/** The refusal as an AuthError: storage outages as 503, faults (already logged) as a generic 500. */
function asAuthError(error: unknown): AuthError {
  if (isAuthError(error)) return error
  if (isUnavailable(error))
    return new AuthError('service_unavailable', 'Service temporarily unavailable, try again soon.')
  return new AuthError('internal_error', 'A server error occurred.')
}

/**
 * `authenticate` without the promise where the outcome is known at once: the user cached, or a refusal. For the
 * adapters' guards, which then go on in the same turn — a promise costs an allocation and a microtask turn, and a
 * framework's middleware chain adds its own on top (not part of the public API).
 */
export type AuthenticateNow = (request: HttpRequest) => AuthOutcome | Promise<AuthOutcome>

/** What an instance keeps from its public surface: its wiring, and its authentication without the promise. */
const INTERNALS = new WeakMap<
  Latchkey,
  { readonly ctx: AuthContext; readonly authenticateNow: AuthenticateNow }
>()

/**
 * The instance's `AuthenticateNow`; for an object that is not one made by `createLatchkey` (a test double, a
 * wrapper), its public `authenticate`.
 *
 * @example
 * const authenticate = authenticatorOf(latchkey)
 * const outcome = authenticate(request)
 * if (outcome instanceof Promise) return outcome.then(proceed)
 * return proceed(outcome)
 */
export function authenticatorOf(latchkey: Latchkey): AuthenticateNow {
  return INTERNALS.get(latchkey)?.authenticateNow ?? ((request) => latchkey.authenticate(request))
}

/** A refusal as `authenticate` answers it: the error, and the response the auth API would have given. */
function refused(http: HttpHandler, request: HttpRequest, error: unknown): AuthOutcome {
  const guard = http.guard(request)
  const headers = guard.kind === 'continue' ? guard.headers : {}
  return { ok: false, error: asAuthError(error), response: http.failure(error, request, headers) }
}

/** A successful authentication as `authenticate` answers it. */
function accepted(auth: Authenticated): AuthOutcome {
  return { ok: true, user: auth.user, token: auth.token, source: auth.source, sessionId: auth.sessionId }
}

/** The internal wiring behind an instance (for the server and tests; not part of the public API). */
export function contextOf(latchkey: Latchkey): AuthContext {
  const internals = INTERNALS.get(latchkey)
  if (internals === undefined) throw new Error('not a Latchkey instance')
  return internals.ctx
}

/**
 * Creates Latchkey: validates every option (an unknown key is a ConfigError), wires the core on the given stores
 * and hands out the handler, the guard, the lifecycle, key and user operations. Adapters (`latchkey/web`,
 * `latchkey/fastify`, `latchkey/express`, `latchkey/hono`) translate `handle` and `authenticate` for a framework.
 *
 * @example
 * const stores = createSqliteStores('./data/app.sqlite')
 * await stores.migrate()
 * const latchkey = await createLatchkey({ secretKey: process.env.SECRET_KEY, events: { onLogin: audit } }, stores)
 * await latchkey.start()
 * const response = await latchkey.handle({ method: 'GET', url: '/accounts/user/', headers, ip, secure: true })
 */
export async function createLatchkey(
  options: CreateLatchkeyOptions,
  stores: LatchkeyStores,
  deps: LatchkeyDependencies = {},
): Promise<Latchkey> {
  checkOptionKeys(options)
  const { events, ...settingsOptions } = options
  const { revocationPollMs, ...coreDeps } = deps
  const ctx = await createAuthCore(settingsOptions, {
    ...coreDeps,
    users: stores.users,
    sessions: stores.sessions,
    keys: stores.keys,
    ...(stores.audit !== undefined && { audit: stores.audit }),
    ...(stores.serviceClock !== undefined && { serviceClock: stores.serviceClock }),
    ...(events !== undefined && { events }),
  })
  const http = createHttpHandler(ctx)
  const lifecycle = createLifecycle(ctx, revocationPollMs === undefined ? {} : { revocationPollMs })
  // The usual request authenticates from memory (see `requireUserNow`): its outcome is returned as it is, and a
  // promise only when the user must be read. A refusal is built only on the paths that refuse.
  const authenticateNow: AuthenticateNow = (request) => {
    // Django's ALLOWED_HOSTS guards every view (the CSRF Origin check compares against this Host header), and a
    // repeated Host or Authorization is ambiguous whichever route it reaches. The rest of the conventions (CORS
    // headers, browser diagnostics) only shape a refusal's response: the app answers its own successes.
    const refusal = refuseRequest(ctx, request)
    if (refusal !== undefined) return { ok: false, error: refusal.error, response: refusal.response }
    try {
      const auth = requireUserNow(ctx, toAuthRequest(request))
      if (!(auth instanceof Promise)) return accepted(auth)
      return auth.then(accepted, (error: unknown) => refused(http, request, error))
    } catch (error) {
      return refused(http, request, error)
    }
  }
  const latchkey: Latchkey = {
    settings: ctx.settings,
    handle: (request) => http.handle(request),
    authenticate(request) {
      const outcome = authenticateNow(request)
      return outcome instanceof Promise ? outcome : Promise.resolve(outcome)
    },
    start: () => lifecycle.start(),
    stop: () => lifecycle.stop(),
    http,
    keys: {
      async rotate(algorithm = 'HS256') {
        const plan = await rotateSigningKey(ctx.keys, ctx.settings, ctx.random, algorithm, ctx.clock.now())
        await reloadKeyring(ctx)
        return plan
      },
      list: () => ctx.keys.list(),
      published: () => ctx.keyring.published(ctx.clock.now()),
    },
    users: {
      async create(user) {
        // The admin API's and the CLI's operation: Django's username rules (NFKC, a name equal to another up to
        // case refused), email and password validators, audited.
        try {
          return { ok: true, user: await createUser(ctx, user, CLI_ACTOR) }
        } catch (error) {
          if (!isAuthError(error) || error.code !== 'invalid') throw error
          const fields = Object.values(error.leading ?? {}) as string[][]
          return { ok: false, problems: fields.flat() }
        }
      },
      deactivate: (userId, origin = { ip: '', userAgent: '' }) => deactivateUser(ctx, userId, origin),
      findByUsername: (username) => ctx.users.findByUsername(normalizeUsername(username)),
      list: (query) => listUsers(ctx, query),
      get: (userId) => getUser(ctx, userId),
      update: (userId, change) => updateUser(ctx, userId, change, CLI_ACTOR),
      setPassword: (userId, password, options = {}) =>
        setUserPassword(ctx, userId, password, options, CLI_ACTOR),
      delete: (userId) => deleteUser(ctx, userId, CLI_ACTOR),
    },
    audit: { list: (query) => ctx.audit.list(query) },
    openApi: () => openApiDocument(ctx.settings),
    flows: {
      login: (request) => login(ctx, request),
      refresh: (request) => refreshInCookies(ctx, request),
      logout: (request) => logout(ctx, request),
      logoutAll: (request) => logoutAll(ctx, request),
      listSessions: (request) => listSessions(ctx, request),
      changePassword: (request) => changePassword(ctx, request),
      obtainToken: (request) => obtainToken(ctx, request),
      refreshTokenInBody: (request) => refreshTokenInBody(ctx, request),
    },
  }
  INTERNALS.set(latchkey, { ctx, authenticateNow })
  return latchkey
}
