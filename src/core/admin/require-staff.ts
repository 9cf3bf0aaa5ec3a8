import type { Actor } from '../audit/record-admin-action.ts'
import type { AuthContext } from '../context.ts'
import { AuthError } from '../errors.ts'
import { type Authenticated, requireUser } from '../flows/authenticate.ts'
import { requestOrigin } from '../flows/request-origin.ts'
import type { AuthRequest } from '../http.ts'
import type { User } from '../users/user.ts'

/** DRF's PermissionDenied text. */
export function permissionDenied(): AuthError {
  return new AuthError('permission_denied', 'You do not have permission to perform this action.')
}

export interface StaffRequest {
  readonly auth: Authenticated
  readonly actor: Actor
}

/**
 * Django admin's gate (`is_active and is_staff`; `requireUser` has refused inactive users): anonymous 401, anyone
 * else 403. Cookie-authenticated unsafe requests have passed the CSRF check inside `requireUser`.
 */
export async function requireStaff(ctx: AuthContext, request: AuthRequest): Promise<StaffRequest> {
  const auth = await requireUser(ctx, request)
  if (!auth.user.isStaff) throw permissionDenied()
  return { auth, actor: { id: auth.user.id, ...requestOrigin(request) } }
}

/** Superuser-only actions (flags, signing keys). */
export function requireSuperuser(staff: StaffRequest): void {
  if (!staff.auth.user.isSuperuser) throw permissionDenied()
}

/**
 * Only a superuser may act on a staff or superuser account: otherwise a staff member could set a superuser's
 * password and become them (Django guards this with per-object permissions; here the rule is fixed).
 */
export function requireMayManage(staff: StaffRequest, target: User): void {
  if ((target.isStaff || target.isSuperuser) && !staff.auth.user.isSuperuser) throw permissionDenied()
}
