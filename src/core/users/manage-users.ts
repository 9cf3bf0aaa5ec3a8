import { type Actor, originOf, recordAdminAction } from '../audit/record-admin-action.ts'
import type { AuthContext } from '../context.ts'
import { AuthError } from '../errors.ts'
import { validatePassword } from '../passwords/validate-password.ts'
import { afterRevocation, revokeUserSessions } from '../sessions/revoke-sessions.ts'
import { addProblems, type FieldErrors, invalidFields } from './field-errors.ts'
import type { User, UserChange, UserPage, UserQuery } from './user.ts'
import { emailProblems, nameProblems } from './user-fields.ts'
import { normalizeUsername, usernameProblems } from './username.ts'

export interface CreateUserInput {
  readonly username: string
  readonly password: string
  readonly email?: string
  readonly firstName?: string
  readonly lastName?: string
  readonly isActive?: boolean
  readonly isStaff?: boolean
  readonly isSuperuser?: boolean
}

const NUL = ['Null characters are not allowed.']

function profileProblems(errors: FieldErrors, change: UserChange): void {
  if (change.email !== undefined)
    addProblems(errors, 'email', change.email.includes('\u0000') ? NUL : emailProblems(change.email))
  if (change.firstName !== undefined)
    addProblems(
      errors,
      'first_name',
      change.firstName.includes('\u0000') ? NUL : nameProblems(change.firstName),
    )
  if (change.lastName !== undefined)
    addProblems(errors, 'last_name', change.lastName.includes('\u0000') ? NUL : nameProblems(change.lastName))
}

const lastSuperuser = (field: string) => invalidFields({ [field]: ['This would leave no active superuser.'] })

const notFound = () => new AuthError('not_found', 'Not found.')

/**
 * Creates a user as Django's `UserCreationForm` + `create_user` would: the username NFKC-normalised and checked by
 * `UnicodeUsernameValidator`, refused when a user of the same name up to case exists, the email validated, the
 * password checked by the default validators and hashed. Problems come back as one DRF field-error AuthError.
 *
 * @example
 * const user = await createUser(core, { username: 'alice', password: 'correct horse battery staple' }, CLI_ACTOR)
 */
export async function createUser(ctx: AuthContext, input: CreateUserInput, actor: Actor): Promise<User> {
  const username = normalizeUsername(input.username)
  const profile = {
    email: input.email ?? '',
    firstName: input.firstName ?? '',
    lastName: input.lastName ?? '',
  }
  const errors: FieldErrors = {}
  addProblems(errors, 'username', usernameProblems(username))
  profileProblems(errors, profile)
  if (input.password === '') addProblems(errors, 'password', ['This field may not be blank.'])
  else addProblems(errors, 'password', validatePassword(input.password, { username, ...profile }))
  if (Object.keys(errors).length > 0) throw invalidFields(errors)
  const created = await ctx.users.createIfNameFree(
    {
      username,
      passwordHash: await ctx.hasher.hash(input.password),
      ...profile,
      isActive: input.isActive ?? true,
      isStaff: input.isStaff ?? false,
      isSuperuser: input.isSuperuser ?? false,
    },
    ctx.clock.now(),
  )
  // Django's `AbstractUser.username` unique error message.
  if (created === undefined) throw invalidFields({ username: ['A user with that username already exists.'] })
  recordAdminAction(ctx, actor, 'user_created', created.id, {
    username: created.username,
    is_staff: created.isStaff,
    is_superuser: created.isSuperuser,
  })
  return created
}

/**
 * The user, or a 404 AuthError.
 *
 * @example const user = await getUser(core, 12)
 */
export async function getUser(ctx: AuthContext, id: number): Promise<User> {
  const user = await ctx.users.findById(id)
  if (user === undefined) throw notFound()
  return user
}

/**
 * A page of users (search over username, email and names; filters on the flags), by id.
 *
 * @example const { count, users } = await listUsers(core, { search: 'ali', offset: 0, limit: 25 })
 */
export function listUsers(ctx: AuthContext, query: UserQuery): Promise<UserPage> {
  return ctx.users.list(query)
}

/**
 * Changes names, email and flags. Turning `isActive` off deactivates (every session revoked at once, access tokens
 * included); turning it on reactivates. Refused when it would leave no active superuser.
 *
 * @example await updateUser(core, 12, { email: 'ann@example.com', isStaff: true }, { id: adminId, ip, userAgent })
 */
export async function updateUser(
  ctx: AuthContext,
  id: number,
  change: UserChange,
  actor: Actor,
): Promise<User> {
  return (await changeUser(ctx, id, change, actor)).user
}

/** `updateUser`, also saying how many sessions a deactivation revoked. */
export async function changeUser(
  ctx: AuthContext,
  id: number,
  change: UserChange,
  actor: Actor,
): Promise<{ readonly user: User; readonly revokedSessions: number }> {
  const errors: FieldErrors = {}
  profileProblems(errors, change)
  if (Object.keys(errors).length > 0) throw invalidFields(errors)
  const before = await getUser(ctx, id)
  const outcome = await ctx.users.update(id, change)
  if (outcome.kind === 'missing') throw notFound()
  if (outcome.kind === 'last_superuser')
    throw lastSuperuser(change.isActive === false ? 'is_active' : 'is_superuser')
  ctx.userCache.invalidate(id)
  const user = outcome.user
  const changed = Object.keys(change).filter(
    (key) =>
      change[key as keyof UserChange] !== undefined &&
      before[key as keyof UserChange] !== user[key as keyof UserChange],
  )
  let revokedSessions = 0
  if (change.isActive === false) {
    // Also when the user was already inactive: sessions opened before an edit made in the database must end too.
    revokedSessions = await revokeUserSessions(ctx, id, 'user_deactivated', originOf(actor))
    if (before.isActive)
      recordAdminAction(ctx, actor, 'user_deactivated', id, { revoked_sessions: revokedSessions })
  } else if (!before.isActive && user.isActive) recordAdminAction(ctx, actor, 'user_reactivated', id)
  const others = changed.filter((key) => key !== 'isActive')
  if (others.length > 0) recordAdminAction(ctx, actor, 'user_updated', id, { fields: others.join(',') })
  return { user, revokedSessions }
}

/**
 * Deactivates a user: logins refused, every session revoked at once.
 *
 * @example await deactivate(core, 12, CLI_ACTOR)
 */
export function deactivate(ctx: AuthContext, id: number, actor: Actor): Promise<User> {
  return updateUser(ctx, id, { isActive: false }, actor)
}

/**
 * Lets a deactivated user log in again (their old sessions stay revoked).
 *
 * @example await reactivate(core, 12, CLI_ACTOR)
 */
export function reactivate(ctx: AuthContext, id: number, actor: Actor): Promise<User> {
  return updateUser(ctx, id, { isActive: true }, actor)
}

/**
 * Sets a password after Django's validators. Revokes every session of the user unless `revokeSessions` is false
 * (as Django's `update_session_auth_hash` is not called by the admin's password form: other sessions end).
 *
 * @example const revoked = await setUserPassword(core, 12, 'a new passphrase', {}, CLI_ACTOR)
 */
export async function setUserPassword(
  ctx: AuthContext,
  id: number,
  password: string,
  options: { readonly revokeSessions?: boolean },
  actor: Actor,
): Promise<number> {
  const user = await getUser(ctx, id)
  const problems = password === '' ? ['This field may not be blank.'] : validatePassword(password, user)
  if (problems.length > 0) throw invalidFields({ password: problems })
  await ctx.users.setPasswordHash(id, await ctx.hasher.hash(password))
  ctx.userCache.invalidate(id)
  const revoked =
    options.revokeSessions === false
      ? 0
      : await revokeUserSessions(ctx, id, 'password_changed', originOf(actor))
  recordAdminAction(ctx, actor, 'password_set', id, { revoked_sessions: revoked })
  return revoked
}

/**
 * Revokes every session of a user (an administrator's "log out everywhere"); returns how many.
 *
 * @example await revokeAllSessions(core, 12, CLI_ACTOR)
 */
export async function revokeAllSessions(ctx: AuthContext, id: number, actor: Actor): Promise<number> {
  await getUser(ctx, id)
  const revoked = await revokeUserSessions(ctx, id, 'revoked_by_admin', originOf(actor))
  recordAdminAction(ctx, actor, 'sessions_revoked', id, { revoked_sessions: revoked })
  return revoked
}

/**
 * Deletes a user and their sessions. The live sessions are read first so that, once the row (and by cascade the
 * sessions) is gone, their access tokens are revoked in memory and on every instance, not merely left to fail the
 * user lookup.
 *
 * @example await deleteUser(core, 12, CLI_ACTOR)
 */
export async function deleteUser(ctx: AuthContext, id: number, actor: Actor): Promise<void> {
  const live = await ctx.sessions.listLive(id, ctx.clock.now())
  const outcome = await ctx.users.delete(id)
  if (outcome.kind === 'missing') throw notFound()
  if (outcome.kind === 'last_superuser') throw lastSuperuser('non_field_errors')
  ctx.userCache.invalidate(id)
  afterRevocation(ctx, live, 'user_deleted', originOf(actor))
  recordAdminAction(ctx, actor, 'user_deleted', id, { username: outcome.user.username })
}
