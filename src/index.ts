/**
 * Latchkey's framework-free core: `createLatchkey` (the one entry), its options and types, the neutral HTTP
 * request/response every adapter translates. An adapter of your own calls `latchkey.handle(request)`, or the flows
 * bound to the instance (`latchkey.flows.login(request)` …) if it routes by itself.
 * Framework adapters live under `latchkey/web`, `latchkey/fastify`, `latchkey/express`, `latchkey/hono`; stores under
 * `latchkey/stores/*`.
 */

export type { AuditEntry, AuditEvent, AuditQuery, AuditStore } from './core/audit/audit-store.ts'
export type { Clock } from './core/clock.ts'
export { systemClock } from './core/clock.ts'
export type { CookieJar, CookieRead } from './core/cookies/cookie-jar.ts'
export {
  type AuthOutcome,
  type CreateLatchkeyOptions,
  type CreateUserOutcome,
  createLatchkey,
  type Latchkey,
  type LatchkeyDependencies,
  type LatchkeyStores,
  type NewUserWithPassword,
} from './core/create-latchkey.ts'
export { AuthError, ERROR_STATUS, type ErrorCode, isAuthError } from './core/errors.ts'
export type * from './core/events.ts'
export type { Authenticated } from './core/flows/authenticate.ts'
export type { Guard } from './core/http/conventions.ts'
export type { HttpHandler } from './core/http/handler.ts'
export type { HttpRequest } from './core/http/request.ts'
export type { HttpResponse, ResponseCookie } from './core/http/response.ts'
export type { AuthRequest, AuthResult, RequestBody, SetCookie } from './core/http.ts'
export type { Logger } from './core/logger.ts'
export { ConfigError, DEFAULTS, type LatchkeyOptions, resolveOptions, type Settings } from './core/options.ts'
export type { ServiceClockStore } from './core/sessions/service-clock.ts'
export type * from './core/sessions/session.ts'
export type { NewUser, User, UserStore } from './core/users/user.ts'
export { normalizeUsername, usernameProblems } from './core/users/username.ts'
