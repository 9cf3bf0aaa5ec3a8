import type { SetCookie } from './http.ts'

/**
 * The closed set of machine codes Latchkey answers with. Where the reference (DRF / SimpleJWT) has a code we use
 * it verbatim; where it has none we use DRF's exception `default_code`, so a client sees one vocabulary.
 */
export const ERROR_STATUS = {
  not_authenticated: 401,
  token_not_valid: 401,
  bad_authorization_header: 401,
  user_not_found: 401,
  user_inactive: 401,
  authentication_failed: 403,
  permission_denied: 403,
  csrf_failed: 403,
  cross_site_request: 403,
  invalid: 400,
  parse_error: 400,
  bad_request: 400,
  /** The browser would drop the cookies this answer sets (Secure over http, SameSite across sites): no session. */
  cookies_will_be_rejected: 400,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  header_too_large: 431,
  /** The server's request or head timeout ran out before the request arrived (written by the server itself). */
  request_timeout: 408,
  throttled: 429,
  service_unavailable: 503,
  internal_error: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS

/** Extra JSON members some reference bodies carry beside `detail` (SimpleJWT's `messages`, DRF field errors). */
export type ErrorExtra = Readonly<Record<string, unknown>>

/**
 * The one error type of the core. `detail` is what the client reads; it never contains a token, cookie or key.
 * Expected outcomes (no credentials, an expired token) are still thrown as AuthError by flows, because every one of
 * them ends the request with exactly this error body; storage and programming faults are not AuthErrors.
 */
export class AuthError extends Error {
  readonly code: ErrorCode
  readonly detail: string
  readonly status: number
  /** The same status under the name web frameworks' default error handlers read (Fastify, Express). */
  readonly statusCode: number
  readonly extra: ErrorExtra | undefined
  /** Members to put before `detail` in the body (DRF field errors come first on the wire). */
  readonly leading: ErrorExtra | undefined
  readonly headers: Readonly<Record<string, string>> | undefined
  /** Cookies the error response still sets (Django replaces a malformed CSRF cookie even while refusing). */
  readonly cookies: readonly SetCookie[]

  constructor(
    code: ErrorCode,
    detail: string,
    options: {
      cause?: unknown
      extra?: ErrorExtra
      leading?: ErrorExtra
      headers?: Readonly<Record<string, string>>
      cookies?: readonly SetCookie[]
    } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AuthError'
    this.code = code
    this.detail = detail
    this.status = ERROR_STATUS[code]
    this.statusCode = this.status
    this.extra = options.extra
    this.leading = options.leading
    this.headers = options.headers
    this.cookies = options.cookies ?? []
  }

  /** The JSON body: field errors (if any), then `detail`, `code`, then extra members. */
  toBody(): Record<string, unknown> {
    return { ...this.leading, detail: this.detail, code: this.code, ...this.extra }
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError
}
