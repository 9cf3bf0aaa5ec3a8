import type { SetCookie } from '../http.ts'
import type { Settings } from '../options.ts'

function authCookie(
  name: string,
  path: string,
  token: string,
  maxAge: number,
  settings: Settings,
): SetCookie {
  const c = settings.cookies
  return {
    name,
    value: token,
    maxAge,
    path,
    domain: c.domain,
    secure: c.secure,
    httpOnly: c.httpOnly,
    sameSite: c.sameSite,
  }
}

/** The access-token cookie: HttpOnly, Path=/ (the reference's AUTH_COOKIE settings). */
export function accessCookie(token: string, maxAgeSeconds: number, settings: Settings): SetCookie {
  return authCookie(settings.cookies.accessName, settings.cookies.accessPath, token, maxAgeSeconds, settings)
}

/** The refresh-token cookie, scoped to the auth routes so the browser never sends it anywhere else. */
export function refreshCookie(token: string, maxAgeSeconds: number, settings: Settings): SetCookie {
  return authCookie(
    settings.cookies.refreshName,
    settings.cookies.refreshPath,
    token,
    maxAgeSeconds,
    settings,
  )
}

/**
 * Deletions matching the cookies' Path and Domain (a deletion only removes a cookie whose Path and Domain match,
 * RFC 6265bis §3.1). As Django's `delete_cookie`, they carry no HttpOnly; unlike it, they keep `Secure` when the
 * cookies are Secure, since a browser ignores a non-Secure Set-Cookie that would overwrite a Secure cookie.
 */
export function deleteAuthCookies(settings: Settings): SetCookie[] {
  const c = settings.cookies
  const base = {
    value: '',
    maxAge: 0,
    domain: c.domain,
    secure: c.secure,
    httpOnly: false,
    sameSite: c.sameSite,
  }
  return [
    { ...base, name: c.accessName, path: c.accessPath },
    { ...base, name: c.refreshName, path: c.refreshPath },
  ]
}
