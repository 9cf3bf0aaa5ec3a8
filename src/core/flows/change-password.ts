import type { AuthContext } from '../context.ts'
import { accessCookie, refreshCookie } from '../cookies/auth-cookies.ts'
import { rotateCsrfSecret } from '../csrf/csrf-cookie.ts'
import { emitEvent } from '../emit-event.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import { validatePassword } from '../passwords/validate-password.ts'
import { randomHex128 } from '../random.ts'
import { revokeUserSessions } from '../sessions/revoke-sessions.ts'
import { currentRefreshToken, issueAccessToken } from '../sessions/session-tokens.ts'
import { invalidAccessToken, requireUser } from './authenticate.ts'
import { readStringFields } from './read-fields.ts'
import { requestOrigin } from './request-origin.ts'

function fieldError(field: string, messages: readonly string[]): AuthError {
  return new AuthError('invalid', 'Invalid input.', { leading: { [field]: messages } })
}

/**
 * `POST /accounts/password/change/`: needs the old password (re-authentication, even in a long-refreshed session),
 * validates the new one with Django's default validators, gives the caller's session a new refresh token with no
 * grace predecessor, stores the new hash, revokes every other session, and sends fresh tokens and a fresh CSRF
 * secret (Django's `update_session_auth_hash` keeps the changer signed in, every other session ends).
 *
 * The caller's session is reissued first, in one conditional write: if a logout or a detected replay ended it
 * meanwhile, the change is refused before anything is changed, instead of answering 200 for a session that is gone.
 */
export async function changePassword(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const auth = await requireUser(ctx, request)
  const fields = readStringFields(request.body, ['old_password', 'new_password'])
  // A fresh read: the password hash must not come from the cache the hot path uses.
  const user = (await ctx.users.findById(auth.user.id)) ?? auth.user
  // The old password is a password check like a login's: the same brute-force limits apply.
  await ctx.throttle.check(user.username, request.ip, ctx.clock.now())
  const check = await ctx.hasher.verify(user.passwordHash, fields.old_password)
  if (!check.valid) {
    await ctx.throttle.recordFailure(user.username, request.ip, ctx.clock.now())
    // Django's PasswordChangeForm wording.
    throw fieldError('old_password', ['Your old password was entered incorrectly. Please enter it again.'])
  }
  const problems = validatePassword(fields.new_password, user)
  if (problems.length > 0) throw fieldError('new_password', problems)
  const hash = await ctx.hasher.hash(fields.new_password)
  const now = ctx.clock.now()
  const session = await ctx.sessions.reissue({
    sessionId: auth.sessionId,
    userId: user.id,
    newJti: randomHex128(ctx.random),
    now,
    idleTimeoutMs: ctx.settings.sessionIdleTimeoutMs,
  })
  if (session === undefined) throw invalidAccessToken('Token is blacklisted')
  await ctx.users.setPasswordHash(user.id, hash)
  ctx.userCache.invalidate(user.id)
  const origin = requestOrigin(request)
  const revokedCount = await revokeUserSessions(ctx, user.id, 'password_changed', origin, session.id)
  const access = issueAccessToken(ctx, session, now)
  const refresh = currentRefreshToken(ctx, session, now)
  emitEvent(ctx, 'onPasswordChanged', {
    ...origin,
    userId: user.id,
    sessionId: session.id,
    revokedSessions: revokedCount,
  })
  return {
    status: 200,
    body: {},
    cookies: [
      accessCookie(access.token, access.maxAge, ctx.settings),
      refreshCookie(refresh.token, refresh.maxAge, ctx.settings),
      rotateCsrfSecret(ctx.settings.csrf, ctx.random),
    ],
  }
}
