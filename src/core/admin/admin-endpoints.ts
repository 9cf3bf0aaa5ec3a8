import { ADMIN_SCHEMAS } from '../http/admin-schemas.ts'
import type { Endpoint, Flow, HandledMethod, Handler } from '../http/endpoints.ts'
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

/** Safe methods read no body; the others may (PATCH and POST with fields, DELETE with none). */
const READS_BODY: Readonly<Record<HandledMethod, boolean>> = {
  GET: false,
  POST: true,
  PATCH: true,
  DELETE: false,
}

function admin(path: string, name: string, flows: Readonly<Partial<Record<HandledMethod, Flow>>>): Endpoint {
  const handlers: Partial<Record<HandledMethod, Handler>> = {}
  for (const [method, flow] of Object.entries(flows) as [HandledMethod, Flow][]) {
    const schema = ADMIN_SCHEMAS[`${method} ${path}`]
    if (schema === undefined) throw new Error(`no schema for ${method} ${path}`)
    handlers[method] = { schema, flow, readsBody: READS_BODY[method] }
  }
  const allow = Object.keys(flows).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))
  // Every admin endpoint authenticates before answering OPTIONS or 405, as DRF's views with authenticators do.
  return { path, allow, name, authenticated: true, handlers }
}

/**
 * The admin API under `/accounts/admin/`, for staff only (every flow starts with `requireStaff`), in the shape of
 * the core's endpoint table (`ENDPOINTS` ends with these), so every host serves them.
 *
 * @example
 * ADMIN_ENDPOINTS.map((e) => `${e.allow.join(',')} ${e.path}`)
 */
export const ADMIN_ENDPOINTS: readonly Endpoint[] = [
  admin('/accounts/admin/users/', 'Admin User List Api', { GET: adminListUsers, POST: adminCreateUser }),
  admin('/accounts/admin/users/:id/', 'Admin User Api', {
    GET: adminGetUser,
    PATCH: adminUpdateUser,
    DELETE: adminDeleteUser,
  }),
  admin('/accounts/admin/users/:id/set_password/', 'Admin Set Password Api', { POST: adminSetPassword }),
  admin('/accounts/admin/users/:id/sessions/', 'Admin User Sessions Api', { GET: adminUserSessions }),
  admin('/accounts/admin/users/:id/logout_all/', 'Admin Logout All Api', { POST: adminLogoutAll }),
  admin('/accounts/admin/sessions/:id/', 'Admin Session Api', { DELETE: adminRevokeSession }),
  admin('/accounts/admin/events/', 'Admin Event List Api', { GET: adminListEvents }),
  admin('/accounts/admin/keys/', 'Admin Key List Api', { GET: adminListKeys }),
  admin('/accounts/admin/keys/rotate/', 'Admin Key Rotate Api', { POST: adminRotateKey }),
]
