import type { AuthContext } from '../context.ts'
import { isTrustedOrigin, requestOrigin } from '../csrf/check-origin.ts'
import { AuthError } from '../errors.ts'
import { type AuthRequest, headerValue, type SetCookie } from '../http.ts'
import { cookieRejection, type PlannedCookie } from './cookie-fate.ts'

/**
 * The server says what the browser will do: cookies, CSRF and CORS fail in the browser, silently, so the server
 * logs each cause it can see coming — at most once per cause per minute (by the injected clock), as a warning
 * with the fix — under `event: 'browser_will_reject'`.
 */

type Observed = Pick<AuthRequest, 'headers' | 'secure'>

const WARN_INTERVAL_MS = 60_000
const lastWarned = new WeakMap<AuthContext, Map<string, number>>()

/** Logs `message` unless the same cause was logged by this instance within the last minute. */
export function warnOncePerMinute(ctx: AuthContext, cause: string, fields: object, message: string): void {
  let warned = lastWarned.get(ctx)
  if (warned === undefined) {
    warned = new Map()
    lastWarned.set(ctx, warned)
  }
  const now = ctx.clock.now()
  const last = warned.get(cause)
  if (last !== undefined && now - last < WARN_INTERVAL_MS) return
  warned.set(cause, now)
  ctx.logger.warn({ event: 'browser_will_reject', cause, ...fields }, message)
}

function context(request: Observed): object {
  return {
    origin: headerValue(request.headers, 'origin'),
    host: headerValue(request.headers, 'host'),
    secFetchSite: headerValue(request.headers, 'sec-fetch-site'),
  }
}

/**
 * For login and the token endpoint: when the browser would drop the cookies the answer sets, refuse before any
 * session exists (a 200 would open a session the browser can never use, and look like success), log the cause,
 * and answer `cookies_will_be_rejected` naming the setting to change.
 */
export function refuseDroppedCookies(
  ctx: AuthContext,
  request: Observed,
  cookies: readonly PlannedCookie[],
): void {
  const rejection = cookieRejection(request, cookies)
  if (rejection === undefined) return
  warnOncePerMinute(
    ctx,
    rejection.cause,
    { ...context(request), cookies: rejection.cookies },
    rejection.detail,
  )
  throw new AuthError('cookies_will_be_rejected', rejection.detail)
}

/** For other answers that set cookies (refresh, the CSRF token): warn only, the answer itself still helps. */
export function noticeDroppedCookies(
  ctx: AuthContext,
  request: Observed,
  cookies: readonly SetCookie[],
): void {
  const live = cookies.filter((c) => c.maxAge > 0)
  const rejection = live.length === 0 ? undefined : cookieRejection(request, live)
  if (rejection !== undefined)
    warnOncePerMinute(
      ctx,
      rejection.cause,
      { ...context(request), cookies: rejection.cookies },
      rejection.detail,
    )
}

/**
 * For every request (adapters call it first): a script on another origin whose answers CORS will hide, and an origin
 * that one list trusts and the other does not. A request counts when a script sent it — a preflight, or fetch
 * metadata saying `cors` — from an origin other than the server's own.
 */
export function noticeBrowserRequest(ctx: AuthContext, request: Observed): void {
  const origin = headerValue(request.headers, 'origin')
  if (origin === undefined || origin === 'null' || origin === requestOrigin(request as AuthRequest)) return
  const preflight = headerValue(request.headers, 'access-control-request-method') !== undefined
  if (!preflight && headerValue(request.headers, 'sec-fetch-mode') !== 'cors') return
  const { cors, csrf } = ctx.settings
  const corsAllowed = cors.allowedOrigins.includes(origin)
  const csrfTrusted = isTrustedOrigin(origin, csrf.trustedOrigins)
  if (!corsAllowed && csrfTrusted)
    warnOncePerMinute(
      ctx,
      'csrf_trusted_not_cors_allowed',
      context(request),
      `${origin} is trusted for CSRF (LATCHKEY_CSRF_TRUSTED_ORIGINS) but not allowed by CORS: the browser hides every answer from its scripts, and the client reports a CORS failure. Add ${origin} to LATCHKEY_CORS_ALLOWED_ORIGINS (library: cors.allowedOrigins).`,
    )
  else if (!corsAllowed)
    warnOncePerMinute(
      ctx,
      'cors_origin_not_allowed',
      context(request),
      `A script on ${origin} called the API, and CORS does not allow that origin: the browser hides the answer (and sends no request after a refused preflight). If ${origin} is your app, add it to LATCHKEY_CORS_ALLOWED_ORIGINS and LATCHKEY_CSRF_TRUSTED_ORIGINS (library: cors.allowedOrigins, csrf.trustedOrigins).`,
    )
  else if (!csrfTrusted)
    warnOncePerMinute(
      ctx,
      'cors_allowed_not_csrf_trusted',
      context(request),
      `${origin} is allowed by CORS but not trusted for CSRF: its scripts can read answers, but login and every unsafe request fail with csrf_failed. Add ${origin} to LATCHKEY_CSRF_TRUSTED_ORIGINS (library: csrf.trustedOrigins).`,
    )
}
