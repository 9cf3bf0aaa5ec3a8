import { cookiesOf } from '../cookies/cookie-jar.ts'
import type { AuthRequest, SetCookie } from '../http.ts'
import type { Settings } from '../options.ts'
import type { RandomSource } from '../random.ts'
import { csrfSecretFromCookie, maskCsrfSecret, newCsrfSecret } from './secret.ts'

/**
 * The `csrftoken` cookie holding `secret`, with Django's CSRF_COOKIE_* attributes. Never HttpOnly: page scripts
 * copy it into the `X-CSRFToken` header (Django's CSRF_COOKIE_HTTPONLY defaults to False for that reason).
 *
 * @example serializeSetCookie(csrfCookie(secret, settings.csrf), now) // 'csrftoken=…; Max-Age=31449600; Path=/; …'
 */
export function csrfCookie(secret: string, csrf: Settings['csrf']): SetCookie {
  return {
    name: csrf.cookieName,
    value: secret,
    // Max-Age is whole seconds (RFC 6265 §5.2.2); a setting such as '1500ms' rounds down.
    maxAge: Math.floor(csrf.cookieMaxAgeMs / 1000),
    path: '/',
    domain: csrf.cookieDomain,
    secure: csrf.cookieSecure,
    httpOnly: false,
    sameSite: csrf.cookieSameSite,
  }
}

export interface IssuedCsrfToken {
  /** A fresh 64-character masking of the secret, different on every call. */
  readonly token: string
  /** The 32-character secret the cookie carries. */
  readonly secret: string
  /** The cookie to send back, every time, so its expiry is renewed. */
  readonly cookie: SetCookie
}

/**
 * `GET /accounts/csrf_token/`, as Django's `get_token` behind `CsrfViewMiddleware.process_request`: keeps a
 * well-formed cookie's secret (a pre-4.1 masked 64-character cookie is re-issued as its 32-character secret), and
 * draws a new one when the cookie is missing, malformed (`test_process_view_token_too_long`) or sent twice (we never
 * pick between two, RFC 6265bis §4.2.2). The token is masked afresh on each call (BREACH: Django's
 * docs/howto/csrf.txt).
 *
 * @example
 * const { token, cookie } = issueCsrfToken(request, settings.csrf, random)
 * return jsonResult({ csrftoken: token }, [cookie])
 */
export function issueCsrfToken(
  request: AuthRequest,
  csrf: Settings['csrf'],
  random: RandomSource,
): IssuedCsrfToken {
  const cookie = cookiesOf(request).get(csrf.cookieName)
  const existing = cookie.kind === 'value' ? csrfSecretFromCookie(cookie.value) : undefined
  const secret = existing?.ok ? existing.secret : newCsrfSecret(random)
  return { token: maskCsrfSecret(secret, random), secret, cookie: csrfCookie(secret, csrf) }
}

/**
 * Django's `rotate_token`, run at login and on privilege changes: a new secret, so a token an attacker planted or
 * read before login is worthless after it (`test_login_csrf_rotate`, Django's `rotate_token`).
 *
 * @example cookies.push(rotateCsrfSecret(settings.csrf, random))
 */
export function rotateCsrfSecret(csrf: Settings['csrf'], random: RandomSource): SetCookie {
  return csrfCookie(newCsrfSecret(random), csrf)
}
