import type { AuthContext } from '../context.ts'
import type { EventOrigin } from '../events.ts'
import { revokeUserSessions } from '../sessions/revoke-sessions.ts'

/**
 * Deactivates a user: refuses their logins and ends every session at once — access tokens included, on every
 * instance — rather than when the next user read happens to notice. Returns how many sessions it revoked.
 *
 * @example
 * await deactivateUser(core, user.id, { ip: 'admin-console', userAgent: '' })
 */
export async function deactivateUser(ctx: AuthContext, userId: number, origin: EventOrigin): Promise<number> {
  await ctx.users.setActive(userId, false)
  ctx.userCache.invalidate(userId)
  return revokeUserSessions(ctx, userId, 'user_deactivated', origin)
}
