import { cookiesOf } from '../cookies/cookie-jar.ts'
import { type AuthRequest, headerValue } from '../http.ts'
import type { Settings } from '../options.ts'
import { badOriginReason, checkReferer, originVerified } from './check-origin.ts'
import { csrfSecretFromCookie, csrfTokenFormatProblem, csrfTokenMatches } from './secret.ts'

export type CsrfCheck =
  | { readonly ok: true }
  /** `reason` is Django's, without the `CSRF Failed: ` prefix; `cookieMalformed` asks the caller to replace it. */
  | { readonly ok: false; readonly reason: string; readonly cookieMalformed: boolean }

export const REASON_NO_CSRF_COOKIE = 'CSRF cookie not set.'
export const REASON_CSRF_TOKEN_MISSING = 'CSRF token missing.'
/** The form field Django reads the token from (`{% csrf_token %}` renders it). */
export const CSRF_FORM_FIELD = 'csrfmiddlewaretoken'

// RFC 9110 §9.2.1 safe methods, compared as received: Django upper-cases the method first, we do not, so a
// lower-case `get` is an unknown method and is checked (Django's `process_view`: "anything not defined as 'safe'
// by RFC 7231 needs protection").
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])
const OK: CsrfCheck = { ok: true }

function fail(reason: string, cookieMalformed = false): CsrfCheck {
  return { ok: false, reason, cookieMalformed }
}

/**
 * How Django names the header in its reasons: `CSRF_HEADER_NAME = 'HTTP_X_CSRFTOKEN'` read back through
 * `HttpHeaders.parse_header_name`, i.e. Python's `str.title()`, which capitalises each letter that follows a
 * non-letter and lower-cases the rest: `X-CSRFToken` → `X-Csrftoken`, `X-2fa` → `X-2Fa`.
 */
export function csrfHeaderLabel(headerName: string): string {
  let out = ''
  let afterLetter = false
  for (const char of headerName.replaceAll('_', '-')) {
    const letter = char.toLowerCase() !== char.toUpperCase()
    out += letter ? (afterLetter ? char.toLowerCase() : char.toUpperCase()) : char
    afterLetter = letter
  }
  return out
}

/** The submitted token and Django's name for where it came from, or undefined when there is none. */
function submittedToken(
  request: AuthRequest,
  headerName: string,
): { readonly token: string; readonly source: string } | undefined {
  if (request.method === 'POST' && request.body.kind === 'form') {
    // `request.POST.get(...)` on a QueryDict returns the last value of a repeated field.
    const values = request.body.fields[CSRF_FORM_FIELD]
    const token = values?.[values.length - 1] ?? ''
    // An empty field falls through to the header, as in Django.
    if (token !== '') return { token, source: 'POST' }
  }
  // Node lower-cases header names; `x_csrftoken` is a different name and is never read (Django reads only
  // CSRF_HEADER_NAME).
  const header = headerValue(request.headers, headerName.toLowerCase())
  if (header === undefined) return undefined
  return { token: header, source: `the '${csrfHeaderLabel(headerName)}' HTTP header` }
}

/**
 * Django 5.1 `CsrfViewMiddleware.process_view` for one request, in its order: the Origin (or, over HTTPS without
 * Origin, the Referer), the cookie, the submitted token, its format, then a constant-time match. Safe methods pass;
 * every other method, known or not, is checked ("Assume that anything not defined as 'safe' by RFC7231 needs
 * protection").
 *
 * @example
 * const check = checkCsrf(request, settings.csrf)
 * if (!check.ok) throw new AuthError('csrf_failed', `CSRF Failed: ${check.reason}`)
 */
export function checkCsrf(request: AuthRequest, csrf: Settings['csrf']): CsrfCheck {
  if (SAFE_METHODS.has(request.method)) return OK

  const origin = headerValue(request.headers, 'origin')
  if (origin !== undefined) {
    if (!originVerified(request, origin, csrf.trustedOrigins)) return fail(badOriginReason(origin))
  } else if (request.secure) {
    const problem = checkReferer(request, csrf)
    if (problem !== undefined) return fail(problem)
  }

  const cookie = cookiesOf(request).get(csrf.cookieName)
  // Django takes the last of two same-named cookies; we trust neither, since a sibling subdomain can plant one that
  // the browser sends first or last (cookie tossing; RFC 6265bis §4.2.2). Django's "not set" reason is kept so clients
  // see no new string, and no replacement cookie is sent: it could not overwrite a cookie of another domain or path.
  if (cookie.kind !== 'value') return fail(REASON_NO_CSRF_COOKIE)
  const secret = csrfSecretFromCookie(cookie.value)
  if (!secret.ok) return fail(secret.reason, true)

  const submitted = submittedToken(request, csrf.headerName)
  if (submitted === undefined) return fail(REASON_CSRF_TOKEN_MISSING)
  const problem = csrfTokenFormatProblem(submitted.token)
  if (problem !== undefined) return fail(`CSRF token from ${submitted.source} ${problem}.`)
  if (!csrfTokenMatches(submitted.token, secret.secret))
    return fail(`CSRF token from ${submitted.source} incorrect.`)
  return OK
}
