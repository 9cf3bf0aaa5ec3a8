import type { AuthContext } from '../context.ts'
import { deleteAuthCookies } from '../cookies/auth-cookies.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  revokeAllSessions,
  setUserPassword,
  updateUser,
} from '../users/manage-users.ts'
import type { UserChange } from '../users/user.ts'
import { adminSessionBody, adminUserBody } from './admin-bodies.ts'
import { pageRequest, paginated } from './paginate.ts'
import { booleanParam, pathUserId, queryParams } from './query-params.ts'
import { readAdminFields } from './read-admin-fields.ts'
import { requireMayManage, requireStaff, requireSuperuser } from './require-staff.ts'

type Params = Readonly<Record<string, string>>

const ok = (body: unknown, status = 200): AuthResult => ({ status, body, cookies: [] })

/**
 * The opening of every flow that acts on the user a path names: a staff caller, the id checked before any query,
 * and the rule that only a superuser may act on a staff or superuser account.
 */
async function staffActingOn(ctx: AuthContext, request: AuthRequest, params: Params) {
  const staff = await requireStaff(ctx, request)
  const id = pathUserId(params)
  const target = await getUser(ctx, id)
  requireMayManage(staff, target)
  return { staff, id, target }
}

/** `GET /accounts/admin/users/?search=&is_active=&is_staff=&page=&page_size=`: DRF's paginated list, by id. */
export async function adminListUsers(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  await requireStaff(ctx, request)
  const params = queryParams(request)
  const isActive = booleanParam(params, 'is_active')
  const isStaff = booleanParam(params, 'is_staff')
  const page = pageRequest(request)
  const search = (params.get('search') ?? '').trim()
  const found = await listUsers(ctx, {
    ...(search !== '' && { search }),
    ...(isActive !== undefined && { isActive }),
    ...(isStaff !== undefined && { isStaff }),
    offset: page.offset,
    limit: page.limit,
  })
  return ok(paginated(request, page, found.count, found.users.map(adminUserBody)))
}

const PROFILE = { email: 'text', first_name: 'text', last_name: 'text' } as const
const FLAGS = { is_active: 'boolean', is_staff: 'boolean', is_superuser: 'boolean' } as const

/** `POST /accounts/admin/users/`: creates a user (201); staff or superuser flags need a superuser. */
export async function adminCreateUser(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const staff = await requireStaff(ctx, request)
  const f = readAdminFields(request.body, { username: 'string', password: 'string', ...PROFILE, ...FLAGS }, [
    'username',
    'password',
  ])
  if (f.is_staff === true || f.is_superuser === true) requireSuperuser(staff)
  const user = await createUser(
    ctx,
    {
      username: f.username as string,
      password: f.password as string,
      ...(typeof f.email === 'string' && { email: f.email }),
      ...(typeof f.first_name === 'string' && { firstName: f.first_name }),
      ...(typeof f.last_name === 'string' && { lastName: f.last_name }),
      ...(typeof f.is_active === 'boolean' && { isActive: f.is_active }),
      ...(typeof f.is_staff === 'boolean' && { isStaff: f.is_staff }),
      ...(typeof f.is_superuser === 'boolean' && { isSuperuser: f.is_superuser }),
    },
    staff.actor,
  )
  return ok(adminUserBody(user), 201)
}

/** `GET /accounts/admin/users/{id}/`. */
export async function adminGetUser(
  ctx: AuthContext,
  request: AuthRequest,
  params: Params,
): Promise<AuthResult> {
  await requireStaff(ctx, request)
  return ok(adminUserBody(await getUser(ctx, pathUserId(params))))
}

/**
 * `PATCH /accounts/admin/users/{id}/`: names, email and flags. `is_active: false` deactivates (every session
 * revoked); changing `is_staff`/`is_superuser` needs a superuser; the last active superuser stays one.
 */
export async function adminUpdateUser(
  ctx: AuthContext,
  request: AuthRequest,
  params: Params,
): Promise<AuthResult> {
  const { staff, id, target } = await staffActingOn(ctx, request, params)
  const f = readAdminFields(request.body, { ...PROFILE, ...FLAGS })
  const flagChange =
    (f.is_staff !== undefined && f.is_staff !== target.isStaff) ||
    (f.is_superuser !== undefined && f.is_superuser !== target.isSuperuser)
  if (flagChange) requireSuperuser(staff)
  const change: UserChange = {
    ...(typeof f.email === 'string' && { email: f.email }),
    ...(typeof f.first_name === 'string' && { firstName: f.first_name }),
    ...(typeof f.last_name === 'string' && { lastName: f.last_name }),
    ...(typeof f.is_active === 'boolean' && { isActive: f.is_active }),
    ...(typeof f.is_staff === 'boolean' && { isStaff: f.is_staff }),
    ...(typeof f.is_superuser === 'boolean' && { isSuperuser: f.is_superuser }),
  }
  return ok(adminUserBody(await updateUser(ctx, id, change, staff.actor)))
}

/** `DELETE /accounts/admin/users/{id}/`: 204; the user's sessions go with them. Deleting oneself logs one out. */
export async function adminDeleteUser(
  ctx: AuthContext,
  request: AuthRequest,
  params: Params,
): Promise<AuthResult> {
  const { staff, id } = await staffActingOn(ctx, request, params)
  await deleteUser(ctx, id, staff.actor)
  return {
    status: 204,
    body: undefined,
    cookies: id === staff.auth.user.id ? deleteAuthCookies(ctx.settings) : [],
  }
}

/**
 * `POST /accounts/admin/users/{id}/set_password/` `{password, revoke_sessions?}`: Django's validators; every session
 * of the user is revoked unless `revoke_sessions` is false. Answers `{revoked_sessions}`.
 */
export async function adminSetPassword(
  ctx: AuthContext,
  request: AuthRequest,
  params: Params,
): Promise<AuthResult> {
  const { staff, id } = await staffActingOn(ctx, request, params)
  const f = readAdminFields(request.body, { password: 'string', revoke_sessions: 'boolean' }, ['password'])
  const revoked = await setUserPassword(
    ctx,
    id,
    f.password as string,
    { revokeSessions: f.revoke_sessions !== false },
    staff.actor,
  )
  return ok({ revoked_sessions: revoked })
}

/** `GET /accounts/admin/users/{id}/sessions/`: that user's live sessions, newest first (never another user's). */
export async function adminUserSessions(
  ctx: AuthContext,
  request: AuthRequest,
  params: Params,
): Promise<AuthResult> {
  await requireStaff(ctx, request)
  const user = await getUser(ctx, pathUserId(params))
  const sessions = await ctx.sessions.listLive(user.id, ctx.clock.now(), {
    idleTimeoutMs: ctx.settings.sessionIdleTimeoutMs,
  })
  return ok(sessions.map(adminSessionBody))
}

/** `POST /accounts/admin/users/{id}/logout_all/`: revokes every session of the user; `{revoked_sessions}`. */
export async function adminLogoutAll(
  ctx: AuthContext,
  request: AuthRequest,
  params: Params,
): Promise<AuthResult> {
  const { staff, id } = await staffActingOn(ctx, request, params)
  return ok({ revoked_sessions: await revokeAllSessions(ctx, id, staff.actor) })
}
