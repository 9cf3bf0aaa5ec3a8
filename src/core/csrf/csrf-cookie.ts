import { readCookie } from '../cookies/read-cookie.ts'
import type { AuthRequest, SetCookie } from '../http.ts'
import type { Settings } from '../options.ts'
import type { RandomSource } from '../random.ts'
import { csrfSecretFromCookie, maskCsrfSecret, newCsrfSecret } from './secret.ts'

/** The `csrftoken` cookie: readable by page scripts (they copy it into `X-CSRFToken`), so never HttpOnly. */
export function csrfCookie(secret: string, csrf: Settings['csrf']): SetCookie {
  return {
    name: csrf.cookieName,
    value: secret,
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
  readonly secret: string
  readonly cookie: SetCookie
}

/**
 * `GET /accounts/csrf_token/` as Django's `get_token`: keeps a well-formed cookie's secret (a legacy masked cookie is
 * re-issued as its 32-character secret), draws a new one when the cookie is missing, duplicated or malformed, and
 * always re-sends the cookie so its expiry is renewed.
 */
export function issueCsrfToken(
  request: AuthRequest,
  csrf: Settings['csrf'],
  random: RandomSource,
): IssuedCsrfToken {
  const cookie = readCookie(request.headers, csrf.cookieName)
  const existing = cookie.kind === 'value' ? csrfSecretFromCookie(cookie.value) : undefined
  const secret = existing?.ok ? existing.secret : newCsrfSecret(random)
  return { token: maskCsrfSecret(secret, random), secret, cookie: csrfCookie(secret, csrf) }
}

/** Django's `rotate_token`, run at login and on privilege changes: a new secret, so planted tokens die. */
export function rotateCsrfSecret(csrf: Settings['csrf'], random: RandomSource): SetCookie {
  return csrfCookie(newCsrfSecret(random), csrf)
}
