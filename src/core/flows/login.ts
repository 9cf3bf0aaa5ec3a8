import { refuseDroppedCookies } from '../browser/browser-diagnostics.ts'
import { loginCookies, type PlannedCookie } from '../browser/cookie-fate.ts'
import type { AuthContext } from '../context.ts'
import { accessCookie, refreshCookie } from '../cookies/auth-cookies.ts'
import { rotateCsrfSecret } from '../csrf/csrf-cookie.ts'
import { emitEvent } from '../emit-event.ts'
import { AuthError } from '../errors.ts'
import { type AuthRequest, type AuthResult, jsonResult } from '../http.ts'
import type { Session } from '../sessions/session.ts'
import { currentRefreshToken, type IssuedToken, issueAccessToken } from '../sessions/session-tokens.ts'
import { startSession } from '../sessions/start-session.ts'
import type { User } from '../users/user.ts'
import { normalizeUsername } from '../users/username.ts'
import { refuseCrossSite } from './enforce-csrf.ts'
import { readStringFields } from './read-fields.ts'
import { requestOrigin } from './request-origin.ts'

/** Django's `username` max_length: longer names cannot exist, but still cost a hash (no timing oracle). */
const MAX_USERNAME = 150

/**
 * Checks a username and password and returns the user, or throws the one generic 403 (or 429 while the brute-force
 * limits hold, checked before the password so the right one is refused too). Every checked attempt costs exactly
 * one password hash — an unknown user is checked against a dummy hash — so neither the answer nor its timing tells
 * whether the username exists (OWASP Authentication Cheat Sheet, "Authentication Responses"; ASVS 5.0 6.3.8).
 */
export async function verifyCredentials(
  ctx: AuthContext,
  request: AuthRequest,
  submitted: string,
  password: string,
): Promise<User> {
  const now = ctx.clock.now()
  // Django's AuthenticationForm NFKC-normalises the submitted name (UsernameField.to_python), as create_user does
  // the stored one; the limits count on that same form, so one user's failures never count against another's.
  const name = normalizeUsername(submitted)
  try {
    await ctx.throttle.check(name, request.ip, now)
  } catch (error) {
    emitEvent(ctx, 'onLoginFailed', { ...requestOrigin(request), username: name, reason: 'throttled' })
    throw error
  }
  const user = name.length <= MAX_USERNAME ? await ctx.users.findByUsername(name) : undefined
  if (user === undefined) {
    await ctx.hasher.verifyDummy(password)
  } else {
    const check = await ctx.hasher.verify(user.passwordHash, password)
    if (check.unsupported !== undefined)
      ctx.logger.warn(
        { event: 'password_hash_unsupported', userId: user.id, algorithm: check.unsupported },
        `password hash of user ${user.id} uses Django's '${check.unsupported}' hasher, which Latchkey refuses: set a new password`,
      )
    // Django's ModelBackend checks the password before `is_active`, so an inactive user costs the same.
    if (check.valid && user.isActive) {
      // As Django's check_password(setter=…): upgrade to argon2id, only if no password change won the race.
      if (check.needsRehash)
        await ctx.users.replacePasswordHash(user.id, user.passwordHash, await ctx.hasher.hash(password))
      await ctx.throttle.recordSuccess(name, request.ip)
      return user
    }
  }
  await ctx.throttle.recordFailure(name, request.ip, now)
  emitEvent(ctx, 'onLoginFailed', { ...requestOrigin(request), username: name, reason: 'bad_credentials' })
  throw new AuthError('authentication_failed', 'Incorrect authentication credentials.')
}

export interface LoggedIn {
  readonly session: Session
  readonly access: IssuedToken
  readonly refresh: IssuedToken
}

/**
 * Checks the credentials of a login request and opens a session with its first pair of tokens. `cookies` are the
 * cookies the answer will set: when the browser would drop them, the login is refused before the password is even
 * checked, so no session is opened that the browser could never use.
 */
export async function openSession(
  ctx: AuthContext,
  request: AuthRequest,
  cookies: readonly PlannedCookie[],
): Promise<LoggedIn> {
  refuseCrossSite(ctx, request)
  refuseDroppedCookies(ctx, request, cookies)
  const { username, password } = readStringFields(request.body, ['username', 'password'])
  const user = await verifyCredentials(ctx, request, username, password)
  const origin = requestOrigin(request)
  const session = await startSession(ctx, user, origin)
  const now = ctx.clock.now()
  await ctx.users.recordLogin(user.id, now)
  emitEvent(ctx, 'onLogin', { ...origin, userId: user.id, sessionId: session.id })
  return {
    session,
    access: issueAccessToken(ctx, session, now),
    refresh: currentRefreshToken(ctx, session, now),
  }
}

/**
 * `POST /accounts/auth/login/`: `200 {}` with the access, refresh and a rotated CSRF cookie.
 *
 * @example
 * // An adapter's handler: the core's answer, for the framework to send
 * const result = await login(ctx, request)
 * reply.status(result.status).send(result.body)
 */
export async function login(ctx: AuthContext, request: AuthRequest): Promise<AuthResult> {
  const { access, refresh } = await openSession(ctx, request, loginCookies(ctx.settings))
  return jsonResult({}, [
    accessCookie(access.token, access.maxAge, ctx.settings),
    refreshCookie(refresh.token, refresh.maxAge, ctx.settings),
    // Django rotates the CSRF secret at login, so a token planted before login is worthless after it.
    rotateCsrfSecret(ctx.settings.csrf, ctx.random),
  ])
}
