import type { AuthContext } from '../context.ts'
import { emitEvent } from '../emit-event.ts'
import type { EventOrigin } from '../events.ts'
import type { RevokeReason, Session } from './session.ts'
import { revocationHorizon } from './session-tokens.ts'

/**
 * Marks sessions revoked in this process's revocation set (their access tokens die on the next request) and emits
 * `onSessionRevoked` for each. The store has already recorded the revocation: this is its in-memory echo.
 */
export function afterRevocation(
  ctx: AuthContext,
  sessions: readonly Session[],
  reason: RevokeReason,
  origin: EventOrigin,
): void {
  const now = ctx.clock.now()
  for (const session of sessions) {
    ctx.revoked.add(session.id, revocationHorizon(ctx, now))
    emitEvent(ctx, 'onSessionRevoked', { ...origin, userId: session.userId, sessionId: session.id, reason })
  }
}

/** Revokes every live session of a user (but `except`), in the store and in memory. Returns how many. */
export async function revokeUserSessions(
  ctx: AuthContext,
  userId: number,
  reason: RevokeReason,
  origin: EventOrigin,
  except?: string,
): Promise<number> {
  const revoked = await ctx.sessions.revokeAllForUser(userId, ctx.clock.now(), reason, except)
  afterRevocation(ctx, revoked, reason, origin)
  return revoked.length
}
