import type { AuthContext } from '../context.ts'
import type { EventOrigin } from '../events.ts'
import { randomHex128 } from '../random.ts'
import type { User } from '../users/user.ts'
import { afterRevocation } from './revoke-sessions.ts'
import type { Session } from './session.ts'

/**
 * Opens a new session family for a user who just proved who they are. Times are whole seconds, so that the
 * session's expiry is exactly the refresh token's `exp`. The store keeps the user under `maxSessionsPerUser` live
 * sessions in the same step, revoking the oldest (ASVS 5.0 7.1.2 lets an application bound concurrent sessions;
 * unbounded, one user's logins would grow the table and the session list without limit).
 */
export async function startSession(ctx: AuthContext, user: User, origin: EventOrigin): Promise<Session> {
  const now = Math.floor(ctx.clock.now() / 1000) * 1000
  const { session, evicted } = await ctx.sessions.createCapped(
    {
      id: randomHex128(ctx.random),
      userId: user.id,
      createdAt: now,
      expiresAt: now + ctx.settings.refreshTokenLifetimeMs,
      currentJti: randomHex128(ctx.random),
      userAgent: origin.userAgent,
      ip: origin.ip,
    },
    ctx.settings.maxSessionsPerUser,
    ctx.settings.sessionIdleTimeoutMs,
  )
  afterRevocation(ctx, evicted, 'session_limit', origin)
  return session
}
