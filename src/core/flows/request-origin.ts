import type { EventOrigin } from '../events.ts'
import { type AuthRequest, headerValue } from '../http.ts'

/** Longest user agent kept with a session; the rest is noise an attacker could use to bloat rows. */
const MAX_USER_AGENT = 512

export function requestOrigin(request: AuthRequest): EventOrigin {
  return {
    ip: request.ip,
    userAgent: (headerValue(request.headers, 'user-agent') ?? '').slice(0, MAX_USER_AGENT),
  }
}
