import type { AuthContext } from '../context.ts'
import type { EventOrigin } from '../events.ts'
import { changeUser } from '../users/manage-users.ts'

/**
 * Deactivates a user: refuses their logins and ends every session at once — access tokens included, on every
 * instance — rather than when the next user read happens to notice. Returns how many sessions it revoked. The same
 * operation as the admin API's and the CLI's (`changeUser`), recorded in the audit log with no acting admin; the
 * last active superuser is refused (AuthError `invalid`), as there.
 *
 * @example
 * await deactivateUser(core, user.id, { ip: 'admin-console', userAgent: '' })
 */
export async function deactivateUser(ctx: AuthContext, userId: number, origin: EventOrigin): Promise<number> {
  const changed = await changeUser(ctx, userId, { isActive: false }, { id: null, ...origin })
  return changed.revokedSessions
}
