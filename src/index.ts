/**
 * Latchkey's framework-free core: `createLatchkey` (the one entry), its options and types, the neutral HTTP
 * request/response every adapter translates, and the flows, for people writing an adapter of their own.
 * Framework adapters live under `latchkey/web`, `latchkey/fastify`; stores under `latchkey/stores/*`.
 */

export { ADMIN_ENDPOINTS } from './core/admin/admin-endpoints.ts'
export type { AuditEntry, AuditEvent, AuditQuery, AuditStore } from './core/audit/audit-store.ts'
export { type Actor, CLI_ACTOR } from './core/audit/record-admin-action.ts'
export type { Clock } from './core/clock.ts'
export { systemClock } from './core/clock.ts'
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
export { type Authenticated, authenticate, requireUser } from './core/flows/authenticate.ts'
export { changePassword } from './core/flows/change-password.ts'
export { deactivateUser } from './core/flows/deactivate-user.ts'
export { login } from './core/flows/login.ts'
export { logout } from './core/flows/logout.ts'
export { listSessions, logoutAll, revokeSession } from './core/flows/manage-sessions.ts'
export { refreshTokens } from './core/flows/refresh.ts'
export { obtainToken, refreshTokenInBody } from './core/flows/token-variant.ts'
export type { Guard } from './core/http/conventions.ts'
export type { HttpHandler } from './core/http/handler.ts'
export type { HttpRequest } from './core/http/request.ts'
export type { HttpResponse, ResponseCookie } from './core/http/response.ts'
export type { AuthRequest, AuthResult, RequestBody, SetCookie } from './core/http.ts'
export type { Logger } from './core/logger.ts'
export { ConfigError, DEFAULTS, type LatchkeyOptions, resolveOptions, type Settings } from './core/options.ts'
export { ServiceClock, type ServiceClockStore } from './core/sessions/service-clock.ts'
export { startServiceHeartbeat } from './core/sessions/service-heartbeat.ts'
export type * from './core/sessions/session.ts'
export {
  type CreateUserInput,
  createUser,
  deactivate,
  deleteUser,
  getUser,
  listUsers,
  reactivate,
  revokeAllSessions,
  setUserPassword,
  updateUser,
} from './core/users/manage-users.ts'
export type { NewUser, User, UserStore } from './core/users/user.ts'
export { normalizeUsername, usernameProblems } from './core/users/username.ts'
