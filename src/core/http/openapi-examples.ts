import type { RouteSchema } from './schemas.ts'

/**
 * What each status means in Latchkey's answers, as the OpenAPI response descriptions say it (swagger-ui shows these
 * instead of a bare status), and a real body for each — the exact text the flows answer with — so the docs never
 * show a generated placeholder (`"additionalProp1"`) where a client developer expects the wire.
 */
const STATUS: Readonly<Record<number, { readonly description: string; readonly example?: unknown }>> = {
  200: { description: 'Success' },
  201: { description: 'Created' },
  204: { description: 'Done: no body' },
  400: {
    description: 'Invalid input: `detail`, `code` and each field’s errors under its name',
    example: {
      detail: 'Invalid input.',
      code: 'invalid',
      username: ['This field is required.'],
      password: ['This field is required.'],
    },
  },
  401: {
    description: 'Not authenticated: no credentials, or a token that is invalid, expired or revoked',
    example: { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' },
  },
  403: {
    description: 'Refused: the CSRF check failed, or the credentials do not allow it',
    example: { detail: 'You do not have permission to perform this action.', code: 'permission_denied' },
  },
  404: { description: 'No such resource', example: { detail: 'Not found.', code: 'not_found' } },
  415: {
    description: 'The body is not JSON, a form or multipart',
    example: { detail: 'Unsupported media type "text/plain" in request.', code: 'unsupported_media_type' },
  },
}

/** The refusal a CSRF-protected operation answers to a cookie-authenticated request without the token. */
const CSRF_MISSING = { detail: 'CSRF Failed: CSRF token missing.', code: 'csrf_failed' }

/** The description and example body of one status of one operation. */
export function responseExample(
  schema: RouteSchema,
  status: number,
): { readonly description: string; readonly example?: unknown } {
  const known = STATUS[status] ?? { description: status < 300 ? 'OK' : 'Error' }
  const own = schema.examples?.[status]
  if (own !== undefined) return { description: known.description, example: own }
  if (status === 403 && schema.csrf === true) return { description: known.description, example: CSRF_MISSING }
  return known
}
