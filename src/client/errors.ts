/**
 * The codes a Latchkey server answers with (its closed set, `src/core/errors.ts`); a test keeps the two lists equal.
 * The client cannot import the server's module: it ships to browsers with no dependencies.
 */
export const SERVER_ERROR_CODES = [
  'not_authenticated',
  'token_not_valid',
  'bad_authorization_header',
  'user_not_found',
  'user_inactive',
  'authentication_failed',
  'permission_denied',
  'csrf_failed',
  'cross_site_request',
  'invalid',
  'parse_error',
  'bad_request',
  'cookies_will_be_rejected',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'header_too_large',
  'request_timeout',
  'throttled',
  'service_unavailable',
  'internal_error',
] as const

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number]

/**
 * Failures that never reached a Latchkey answer: the network; a body that is not Latchkey's JSON (a proxy's page);
 * or `cors_rejected`, an answer the browser withheld from this page because the server's CORS settings do not
 * allow the page's origin (the server was reachable: only the CORS grant was missing).
 */
export type ClientErrorCode = 'network_error' | 'bad_response' | 'cors_rejected'

export type AuthErrorCode = ServerErrorCode | ClientErrorCode

/** Field name → messages, as DRF reports validation errors (`{"new_password": ["This password is too short…"]}`). */
export type FieldErrors = Readonly<Record<string, readonly string[]>>

/**
 * Every failure of the client: `code` is the server's machine code (or `network_error` / `bad_response`), `detail`
 * its human message, ready to show; `fields` holds per-field messages of a 400 `invalid`.
 *
 * @example
 * try { await auth.login(username, password) }
 * catch (error) { if (error instanceof AuthClientError && error.code === 'authentication_failed') showWrongPassword() }
 */
export class AuthClientError extends Error {
  readonly code: AuthErrorCode
  /** The HTTP status, 0 when no response arrived. */
  readonly status: number
  readonly detail: string
  readonly fields: FieldErrors

  constructor(
    code: AuthErrorCode,
    status: number,
    detail: string,
    fields: FieldErrors = {},
    cause?: unknown,
  ) {
    super(detail, cause === undefined ? undefined : { cause })
    this.name = 'AuthClientError'
    this.code = code
    this.status = status
    this.detail = detail
    this.fields = fields
  }
}

function isServerCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (SERVER_ERROR_CODES as readonly string[]).includes(value)
}

/** DRF field errors are the body's members whose value is a list of strings. */
function fieldErrors(body: Record<string, unknown>): FieldErrors {
  const fields: Record<string, readonly string[]> = {}
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fields[name] = value
  }
  return fields
}

/** Reads a JSON body without throwing; undefined when it is missing or not JSON. */
export async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    return undefined
  }
}

/** The server's error code of a response, read from a clone so the caller still gets an unread body. */
export async function peekErrorCode(response: Response): Promise<string | undefined> {
  const body = await readJson(response.clone())
  if (typeof body !== 'object' || body === null) return undefined
  const code = (body as Record<string, unknown>).code
  return typeof code === 'string' ? code : undefined
}

/** The typed error for a non-2xx response (consumes its body). */
export async function errorFromResponse(response: Response): Promise<AuthClientError> {
  const body = await readJson(response)
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return new AuthClientError(
      'bad_response',
      response.status,
      `Unexpected answer (HTTP ${response.status}).`,
    )
  const record = body as Record<string, unknown>
  const detail = typeof record.detail === 'string' ? record.detail : `HTTP ${response.status}`
  const code = isServerCode(record.code) ? record.code : 'bad_response'
  return new AuthClientError(code, response.status, detail, fieldErrors(record))
}

/** A fetch that failed before any answer (offline, DNS, a refused connection) as a typed error. */
export function networkError(cause: unknown): AuthClientError {
  return new AuthClientError('network_error', 0, 'The server could not be reached.', {}, cause)
}

/** A fetch the browser refused to hand over because CORS does not allow `pageOrigin` on `apiOrigin`. */
export function corsError(pageOrigin: string, apiOrigin: string, cause: unknown): AuthClientError {
  return new AuthClientError(
    'cors_rejected',
    0,
    `The server at ${apiOrigin} answered, but its CORS settings do not allow this page's origin (${pageOrigin}), so the browser withheld the answer. Add ${pageOrigin} to LATCHKEY_CORS_ALLOWED_ORIGINS (and LATCHKEY_CSRF_TRUSTED_ORIGINS) on the server.`,
    {},
    cause,
  )
}
