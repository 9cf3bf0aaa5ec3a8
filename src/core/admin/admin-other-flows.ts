import { recordAdminAction } from '../audit/record-admin-action.ts'
import type { AuthContext } from '../context.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import { afterRevocation } from '../sessions/revoke-sessions.ts'
import { isTokenId } from '../sessions/token-id.ts'
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../tokens/key-store.ts'
import { reloadKeyring } from '../tokens/keyring-refresh.ts'
import { rotateSigningKey } from '../tokens/rotate-signing-key.ts'
import { invalidFields } from '../users/field-errors.ts'
import { auditEventBody, keyBody } from './admin-bodies.ts'
import { pageRequest, paginated } from './paginate.ts'
import { idParam, queryParams } from './query-params.ts'
import { readAdminFields } from './read-admin-fields.ts'
import { requireMayManage, requireStaff, requireSuperuser } from './require-staff.ts'

type Params = Readonly<Record<string, string>>

const notFound = () => new AuthError('not_found', 'Not found.')

/**
 * `DELETE /accounts/admin/sessions/{id}/`: revokes any user's live session (204); a malformed, unknown, expired or
 * already revoked id is the same 404. The id is checked for its shape before the store sees it.
 */
export async function adminRevokeSession(
  ctx: AuthContext,
  request: AuthRequest,
  params: Params,
): Promise<AuthResult> {
  const staff = await requireStaff(ctx, request)
  const sessionId = params.id
  if (!isTokenId(sessionId)) throw notFound()
  // The read finds the owner, whose rank decides who may act; the write is conditional on that same owner and on the
  // session still being live, so nothing read here can be stale when it lands.
  const session = await ctx.sessions.get(sessionId)
  if (session === undefined) throw notFound()
  const owner = await ctx.users.findById(session.userId)
  if (owner !== undefined) requireMayManage(staff, owner)
  const outcome = await ctx.sessions.revokeOwned(
    sessionId,
    session.userId,
    ctx.clock.now(),
    'revoked_by_admin',
  )
  if (outcome.kind !== 'revoked') throw notFound()
  const revoked = outcome.session
  afterRevocation(ctx, [revoked], 'revoked_by_admin', {
    ip: staff.actor.ip,
    userAgent: staff.actor.userAgent,
  })
  recordAdminAction(ctx, staff.actor, 'session_revoked', revoked.userId, { session: revoked.id })
  return { status: 204, body: undefined, cookies: [] }
}

/** `GET /accounts/admin/events/?user=&type=&page=&page_size=`: the audit log, newest first, paginated. */
export async function adminListEvents(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  await requireStaff(ctx, request)
  const params = queryParams(request)
  const userId = idParam(params, 'user')
  const type = params.get('type') ?? ''
  const page = pageRequest(request)
  const found = await ctx.audit.list({
    ...(userId !== undefined && { userId }),
    ...(type !== '' && { type }),
    offset: page.offset,
    limit: page.limit,
  })
  return {
    status: 200,
    body: paginated(request, page, found.count, found.events.map(auditEventBody)),
    cookies: [],
  }
}

/** `GET /accounts/admin/keys/`: the signing keys' public facts and states (never their material). */
export async function adminListKeys(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  await requireStaff(ctx, request)
  const now = ctx.clock.now()
  return { status: 200, body: (await ctx.keys.list()).map((key) => keyBody(key, now)), cookies: [] }
}

/**
 * `POST /accounts/admin/keys/rotate/` `{algorithm?}` (superusers): adds a signing key as `latchkey keys rotate`
 * does (verifies at once, signs after the activation delay; no one is logged out) and reloads this instance's keys.
 */
export async function adminRotateKey(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const staff = await requireStaff(ctx, request)
  requireSuperuser(staff)
  const f = readAdminFields(request.body, { algorithm: 'string' })
  const algorithm = (f.algorithm ?? 'HS256') as SigningAlgorithm
  if (!SIGNING_ALGORITHMS.includes(algorithm))
    throw invalidFields({ algorithm: [`"${String(f.algorithm).slice(0, 20)}" is not a valid choice.`] })
  const now = ctx.clock.now()
  const plan = await rotateSigningKey(ctx.keys, ctx.settings, ctx.random, algorithm, now)
  await reloadKeyring(ctx)
  recordAdminAction(ctx, staff.actor, 'key_rotated', null, { kid: plan.key.kid, algorithm })
  return {
    status: 201,
    body: { ...keyBody(plan.key, now), previous_keys_retire: new Date(plan.previousRetireAt).toISOString() },
    cookies: [],
  }
}
