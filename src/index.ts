/**
 * Latchkey's framework-free core: options, the auth core factory, flows, and the types adapters and stores use.
 * Framework adapters live under `latchkey/fastify`; stores under `latchkey/stores/*`.
 */

export { ADMIN_ENDPOINTS, type AdminEndpoint } from './core/admin/admin-endpoints.ts'
export type { AuditEntry, AuditEvent, AuditQuery, AuditStore } from './core/audit/audit-store.ts'
export { type Actor, CLI_ACTOR } from './core/audit/record-admin-action.ts'
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
