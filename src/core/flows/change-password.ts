import type { AuthContext } from '../context.ts'
import { accessCookie, refreshCookie } from '../cookies/auth-cookies.ts'
import { rotateCsrfSecret } from '../csrf/csrf-cookie.ts'
import { emitEvent } from '../emit-event.ts'
import { AuthError } from '../errors.ts'
import type { AuthRequest, AuthResult } from '../http.ts'
import { validatePassword } from '../passwords/validate-password.ts'
import { randomHex128 } from '../random.ts'
import { revokeUserSessions } from '../sessions/revoke-sessions.ts'
import type { Session } from '../sessions/session.ts'
import { currentRefreshToken, issueAccessToken } from '../sessions/session-tokens.ts'
import { startSession } from '../sessions/start-session.ts'
import { requireUser } from './authenticate.ts'
import { readStringFields } from './read-fields.ts'
import { requestOrigin } from './request-origin.ts'

function fieldError(field: string, messages: readonly string[]): AuthError {
  return new AuthError('invalid', 'Invalid input.', { leading: { [field]: messages } })
}

/**
 * `POST /accounts/password/change/`: needs the old password (re-authentication, even in a long-refreshed session),
 * validates the new one with Django's default validators, stores its hash, revokes every other session and gives
 * the caller's session fresh tokens and a fresh CSRF secret.
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
  await ctx.users.setPasswordHash(user.id, await ctx.hasher.hash(fields.new_password))
  ctx.userCache.invalidate(user.id)
  const origin = requestOrigin(request)
  const keep = auth.token.sid
  const revokedCount = await revokeUserSessions(ctx, user.id, 'password_changed', origin, keep)
  const now = ctx.clock.now()
  let session: Session | undefined
  if (keep !== undefined) {
    const current = await ctx.sessions.get(keep)
    if (current !== undefined) {
      const rotated = await ctx.sessions.rotate({
        sessionId: keep,
        presentedJti: current.currentJti,
        newJti: randomHex128(ctx.random),
        now,
        graceMs: 0,
      })
      if (rotated.kind === 'rotated') session = rotated.session
    }
  }
  session ??= await startSession(ctx, user, origin)
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
