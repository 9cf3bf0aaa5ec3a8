import type { AuthContext } from '../context.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import { adminListEvents, adminListKeys, adminRevokeSession, adminRotateKey } from './admin-other-flows.ts'
import {
  adminCreateUser,
  adminDeleteUser,
  adminGetUser,
  adminListUsers,
  adminLogoutAll,
  adminSetPassword,
  adminUpdateUser,
  adminUserSessions,
} from './admin-user-flows.ts'

export type AdminMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export type AdminFlow = (
  ctx: AuthContext,
  request: AuthRequest,
  params: Readonly<Record<string, string>>,
) => Promise<AuthResult>

export interface AdminEndpoint {
  /** Router syntax: `:id` is a path parameter. */
  readonly path: string
  /** DRF's view name, reported by OPTIONS. */
  readonly name: string
  readonly methods: Readonly<Partial<Record<AdminMethod, AdminFlow>>>
}

/**
 * The admin API under `/accounts/admin/`, for staff only (every flow starts with `requireStaff`): one list, so each
 * adapter registers the same endpoints. Every endpoint authenticates before answering 405 or OPTIONS.
 *
 * @example
 * for (const e of ADMIN_ENDPOINTS) for (const [method, flow] of Object.entries(e.methods))
 *   router.on(method, e.path, (req, params) => flow(core, req, params))
 */
export const ADMIN_ENDPOINTS: readonly AdminEndpoint[] = [
  {
    path: '/accounts/admin/users/',
    name: 'Admin User List Api',
    methods: { GET: adminListUsers, POST: adminCreateUser },
  },
  {
    path: '/accounts/admin/users/:id/',
    name: 'Admin User Api',
    methods: { GET: adminGetUser, PATCH: adminUpdateUser, DELETE: adminDeleteUser },
  },
  {
    path: '/accounts/admin/users/:id/set_password/',
    name: 'Admin Set Password Api',
    methods: { POST: adminSetPassword },
  },
  {
    path: '/accounts/admin/users/:id/sessions/',
    name: 'Admin User Sessions Api',
    methods: { GET: adminUserSessions },
  },
  {
    path: '/accounts/admin/users/:id/logout_all/',
    name: 'Admin Logout All Api',
    methods: { POST: adminLogoutAll },
  },
  {
    path: '/accounts/admin/sessions/:id/',
    name: 'Admin Session Api',
    methods: { DELETE: adminRevokeSession },
  },
  { path: '/accounts/admin/events/', name: 'Admin Event List Api', methods: { GET: adminListEvents } },
  { path: '/accounts/admin/keys/', name: 'Admin Key List Api', methods: { GET: adminListKeys } },
  { path: '/accounts/admin/keys/rotate/', name: 'Admin Key Rotate Api', methods: { POST: adminRotateKey } },
]
