import type { AuthContext } from '../context.ts'
import { emitEvent } from '../emit-event.ts'
import type { EventOrigin } from '../events.ts'
import type { RevokeReason, Session } from './session.ts'
import { revocationHorizon } from './session-tokens.ts'

/**
 * Marks sessions revoked in this process's revocation set (their access tokens die on the next request), tells the
 * other instances, and emits `onSessionRevoked` for each. The store has already recorded the revocation: this is its
 * in-memory echo.
 */
export function afterRevocation(
  ctx: AuthContext,
  sessions: readonly Session[],
  reason: RevokeReason,
  origin: EventOrigin,
): void {
  const until = revocationHorizon(ctx, ctx.clock.now())
  for (const session of sessions) {
    ctx.revoked.add(session.id, until)
    emitEvent(ctx, 'onSessionRevoked', { ...origin, userId: session.userId, sessionId: session.id, reason })
  }
  if (ctx.bus !== undefined && sessions.length > 0) {
    // Fire and forget: the store already holds the truth, and other instances poll it if this message is lost.
    ctx.bus
      .publish(sessions.map((s) => ({ sessionId: s.id, until })))
      .catch((error: unknown) =>
        ctx.logger.warn(
          { event: 'revocation_publish_failed', error: String(error) },
          'revocation_publish_failed',
        ),
      )
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
