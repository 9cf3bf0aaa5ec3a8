import type { Settings } from '../options.ts'

/**
 * django-cors-headers' default CORS_ALLOW_HEADERS, with the configured CSRF header in place of its `x-csrftoken`:
 * a frontend must be allowed to send the header the CSRF check reads, whatever it is named.
 */
const BASE_ALLOW_HEADERS = ['accept', 'authorization', 'content-type', 'user-agent']
const ALLOW_METHODS = 'DELETE, GET, OPTIONS, PATCH, POST, PUT'

/** The `Access-Control-Allow-Headers` value for a CSRF header name (`X-CSRFToken` by default). */
export function allowHeaders(csrfHeaderName: string): string {
  return [...BASE_ALLOW_HEADERS, csrfHeaderName.toLowerCase(), 'x-requested-with'].join(', ')
}

/**
 * CORS response headers for a request from `origin`, as django-cors-headers answers: only an exactly listed origin
 * is echoed, never `*` and never `null`, with credentials allowed. An unlisted origin gets no CORS header at all,
 * so the browser withholds the response from its script (Fetch standard, "CORS check").
 */
export function corsHeaders(origin: string | undefined, cors: Settings['cors']): Record<string, string> {
  if (origin === undefined || !cors.allowedOrigins.includes(origin)) return {}
  const headers: Record<string, string> = { 'access-control-allow-origin': origin }
  if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true'
  return headers
}

/** The preflight answer's headers; the status is always 200 with an empty body, as django-cors-headers does. */
export function preflightHeaders(origin: string | undefined, settings: Settings): Record<string, string> {
  const headers = corsHeaders(origin, settings.cors)
  if (headers['access-control-allow-origin'] === undefined) return headers
  headers['access-control-allow-headers'] = allowHeaders(settings.csrf.headerName)
  headers['access-control-allow-methods'] = ALLOW_METHODS
  headers['access-control-max-age'] = String(Math.floor(settings.cors.maxAgeMs / 1000))
  return headers
}
