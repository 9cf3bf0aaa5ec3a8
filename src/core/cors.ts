import type { Settings } from './options.ts'

/** django-cors-headers' defaults, which the reference ships. */
const ALLOW_HEADERS = 'accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with'
const ALLOW_METHODS = 'DELETE, GET, OPTIONS, PATCH, POST, PUT'

/**
 * CORS response headers for a request from `origin`, as django-cors-headers answers: only an exactly listed origin
 * is echoed, never `*` and never `null`, with credentials allowed. An unlisted origin gets no CORS header at all,
 * so the browser withholds the response from its script.
 */
export function corsHeaders(origin: string | undefined, cors: Settings['cors']): Record<string, string> {
  if (origin === undefined || !cors.allowedOrigins.includes(origin)) return {}
  const headers: Record<string, string> = { 'access-control-allow-origin': origin }
  if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true'
  return headers
}

/** The preflight answer's headers; the status is always 200 with an empty body, as django-cors-headers does. */
export function preflightHeaders(origin: string | undefined, cors: Settings['cors']): Record<string, string> {
  const headers = corsHeaders(origin, cors)
  if (headers['access-control-allow-origin'] === undefined) return headers
  headers['access-control-allow-headers'] = ALLOW_HEADERS
  headers['access-control-allow-methods'] = ALLOW_METHODS
  headers['access-control-max-age'] = String(Math.floor(cors.maxAgeMs / 1000))
  return headers
}
