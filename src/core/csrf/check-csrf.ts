import { readCookie } from '../cookies/read-cookie.ts'
import { type AuthRequest, headerValue } from '../http.ts'
import type { Settings } from '../options.ts'
import { originVerified, refererProblem } from './check-origin.ts'
import { csrfSecretFromCookie, csrfTokenMatches, tokenFormatProblem } from './secret.ts'

export type CsrfCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly cookieMalformed: boolean }

const OK: CsrfCheck = { ok: true }
const SAFE: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

function fail(reason: string, cookieMalformed = false): CsrfCheck {
  return { ok: false, reason, cookieMalformed }
}

/** How Django names the header in its reasons: `HTTP_X_CSRFTOKEN` read back as `'X-Csrftoken'`. */
function headerLabel(headerName: string): string {
  return headerName
    .toLowerCase()
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-')
}

/**
 * Django 5.1 `CsrfViewMiddleware.process_view` for one request, in its order: Origin (or, over HTTPS without
 * Origin, Referer), the cookie, the submitted token, its format, then a constant-time match. Reasons are Django's
 * strings without the `CSRF Failed: ` prefix. Safe methods pass; every other method, known or not, is checked.
 */
export function checkCsrf(request: AuthRequest, csrf: Settings['csrf']): CsrfCheck {
  if (SAFE.has(request.method)) return OK
  const origin = headerValue(request.headers, 'origin')
  if (origin !== undefined) {
    if (!originVerified(request, origin, csrf.trustedOrigins))
      return fail(`Origin checking failed - ${origin} does not match any trusted origins.`)
  } else if (request.secure) {
    const problem = refererProblem(request, csrf.trustedOrigins)
    if (problem !== undefined) return fail(problem)
  }

  const cookie = readCookie(request.headers, csrf.cookieName)
  // Two CSRF cookies mean one was planted (cookie tossing): trust neither (checklist S30).
  if (cookie.kind !== 'value') return fail('CSRF cookie not set.')
  const secret = csrfSecretFromCookie(cookie.value)
  if (!secret.ok) return fail(secret.reason, true)

  // Django reads the form field first for POST, then falls back to the header.
  let token = ''
  let source = 'POST'
  if (request.method === 'POST' && request.body.kind === 'form')
    token = request.body.fields.csrfmiddlewaretoken?.[0] ?? ''
  if (token === '') {
    const header = headerValue(request.headers, csrf.headerName.toLowerCase())
    if (header === undefined) return fail('CSRF token missing.')
    token = header
    source = `the '${headerLabel(csrf.headerName)}' HTTP header`
  }
  const problem = tokenFormatProblem(token)
  if (problem !== undefined) return fail(`CSRF token from ${source} ${problem}.`)
  if (!csrfTokenMatches(token, secret.secret)) return fail(`CSRF token from ${source} incorrect.`)
  return OK
}
