/**
 * Latchkey's framework-free core: options, the auth core factory, flows, and the types adapters and stores use.
 * Framework adapters live under `latchkey/fastify`; stores under `latchkey/stores/*`.
 */
export type { Clock } from './core/clock.ts'
export { systemClock } from './core/clock.ts'
export type { AuthContext } from './core/context.ts'
export { type AuthCoreDependencies, createAuthCore } from './core/create-auth-core.ts'
export { AuthError, ERROR_STATUS, type ErrorCode, isAuthError } from './core/errors.ts'
export type * from './core/events.ts'
export { type Authenticated, authenticate, requireUser } from './core/flows/authenticate.ts'
export { deactivateUser } from './core/flows/deactivate-user.ts'
export type { AuthRequest, AuthResult, RequestBody, SetCookie } from './core/http.ts'
export type { Logger } from './core/logger.ts'
export { ConfigError, DEFAULTS, type LatchkeyOptions, resolveOptions, type Settings } from './core/options.ts'
export { ServiceClock, type ServiceClockStore } from './core/sessions/service-clock.ts'
export { startServiceHeartbeat } from './core/sessions/service-heartbeat.ts'
export type * from './core/sessions/session.ts'
export type { NewUser, User, UserStore } from './core/users/user.ts'
