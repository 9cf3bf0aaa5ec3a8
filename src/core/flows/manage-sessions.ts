import type { AuthContext } from '../context.ts'
import { deleteAuthCookies } from '../cookies/auth-cookies.ts'
import { emitEvent } from '../emit-event.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import { afterRevocation, revokeUserSessions } from '../sessions/revoke-sessions.ts'
import type { Session } from '../sessions/session.ts'
import { isTokenId } from '../sessions/token-id.ts'
import { requireUser } from './authenticate.ts'
import { requestOrigin } from './request-origin.ts'
import { invalidPage, pageLink, pageRequest } from './session-page.ts'

export interface SessionBody {
  readonly id: string
  readonly created: string
  readonly last_used: string
  readonly expires: string
  readonly user_agent: string
  readonly ip: string
  readonly current: boolean
}

function sessionBody(session: Session, currentId: string | undefined): SessionBody {
  return {
    id: session.id,
    created: new Date(session.createdAt).toISOString(),
    last_used: new Date(session.lastUsedAt).toISOString(),
    expires: new Date(session.expiresAt).toISOString(),
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.id === currentId,
  }
}

/**
 * `GET /accounts/sessions/`: the caller's live sessions, newest first, marking the caller's own. Without `page` or
 * `page_size` the answer is the plain list (bounded by `maxSessionsPerUser`); with either, DRF's paginated shape
 * `{ count, next, previous, results }`.
 */
export async function listSessions(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const auth = await requireUser(ctx, request)
  const page = pageRequest(request.query)
  const liveness = { now: ctx.clock.now(), idleTimeoutMs: ctx.settings.sessionIdleTimeoutMs }
  const body = (sessions: readonly Session[]) => sessions.map((s) => sessionBody(s, auth.sessionId))
  if (page === null) {
    const sessions = await ctx.sessions.listLive(auth.user.id, liveness.now, {
      idleTimeoutMs: liveness.idleTimeoutMs,
    })
    return { status: 200, body: body(sessions), cookies: [] }
  }
  const count = await ctx.sessions.countLive(auth.user.id, liveness)
  const pages = Math.max(1, Math.ceil(count / page.size))
  if (page.page > pages) throw invalidPage()
  const sessions = await ctx.sessions.listLive(auth.user.id, liveness.now, {
    idleTimeoutMs: liveness.idleTimeoutMs,
    offset: (page.page - 1) * page.size,
    limit: page.size,
  })
  return {
    status: 200,
    body: {
      count,
      next: page.page < pages ? pageLink(request.path, page.page + 1, page.size) : null,
      previous: page.page > 1 ? pageLink(request.path, page.page - 1, page.size) : null,
      results: body(sessions),
    },
    cookies: [],
  }
}

/**
 * `DELETE /accounts/sessions/{id}/`: revokes one of the caller's sessions. Another user's session, a revoked one
 * and an unknown id all answer the same 404, so ids of other users cannot be probed.
 */
export async function revokeSession(
  ctx: AuthContext,
  request: AuthRequest,
  sessionId: string,
): Promise<AuthResult> {
  const auth = await requireUser(ctx, request)
  // An id Latchkey never minted names no session: the same 404, without a query.
  if (!isTokenId(sessionId)) throw new AuthError('not_found', 'Not found.')
  const outcome = await ctx.sessions.revokeOwned(sessionId, auth.user.id, ctx.clock.now(), 'revoked_by_user')
  if (outcome.kind !== 'revoked') throw new AuthError('not_found', 'Not found.')
  afterRevocation(ctx, [outcome.session], 'revoked_by_user', requestOrigin(request))
  const own = sessionId === auth.sessionId
  return { status: 204, body: undefined, cookies: own ? deleteAuthCookies(ctx.settings) : [] }
}

/** `POST /accounts/auth/logout_all/`: revokes every session of the caller and clears the cookies. */
export async function logoutAll(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const auth = await requireUser(ctx, request)
  const origin = requestOrigin(request)
  await revokeUserSessions(ctx, auth.user.id, 'logout_all', origin)
  emitEvent(ctx, 'onLogout', { ...origin, userId: auth.user.id, sessionId: auth.sessionId })
  return { status: 200, body: {}, cookies: deleteAuthCookies(ctx.settings) }
}
