/**
 * Route schemas: the single description of each endpoint's wire shape (JSON Schema, as OpenAPI 3.0 embeds it).
 * They feed the OpenAPI document (`openapi.ts`) and order error bodies as the wire always has; bodies are
 * validated by the flows, with DRF's messages, not by these schemas.
 */
export interface RouteSchema {
  readonly tags?: readonly string[]
  readonly summary?: string
  readonly consumes?: readonly string[]
  readonly body?: object
  readonly params?: object
  /** Query parameters by name, each an OpenAPI schema with a description. */
  readonly query?: Readonly<Record<string, { readonly description: string; readonly schema: object }>>
  readonly response: Readonly<Record<number, object>>
  /**
   * What authenticates the operation, for the OpenAPI security requirements: the access token (its cookie or a
   * Bearer header) or the refresh cookie; none when absent.
   */
  readonly credential?: 'access' | 'refresh'
  /** An unsafe operation a cookie may authenticate: the CSRF token header is required then (Django's CsrfViewMiddleware). */
  readonly csrf?: boolean
  /** Real bodies for the statuses whose generic example (see `openapi-examples.ts`) would not fit this endpoint. */
  readonly examples?: Readonly<Record<number, unknown>>
}

export const errorBody = {
  type: 'object',
  required: ['detail', 'code'],
  properties: { detail: { type: 'string' }, code: { type: 'string' } },
  additionalProperties: true,
} as const

const empty = { type: 'object', properties: {}, additionalProperties: false } as const

const credentials = {
  type: 'object',
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
} as const

const cookieNote = (text: string) => ({ description: text })

function errors(...statuses: number[]): Record<number, typeof errorBody> {
  return Object.fromEntries(statuses.map((status) => [status, errorBody]))
}

export const csrfTokenSchema: RouteSchema = {
  tags: ['auth'],
  summary: 'Get a masked CSRF token and set the csrftoken cookie',
  response: {
    200: {
      type: 'object',
      required: ['token'],
      properties: { token: { type: 'string', minLength: 64, maxLength: 64 } },
      example: { token: 'ER6brQqyDbtEaiyD1ZLXbWTZbh2hPpT8EvRXHJ6tUqNq4qT1SHcBnt9rMZ2oshsg' },
    },
  },
}

export const loginSchema: RouteSchema = {
  tags: ['auth'],
  summary: 'Log in: sets the access_token, refresh_token and a rotated csrftoken cookie',
  consumes: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
  body: credentials,
  response: {
    200: { ...empty, ...cookieNote('Logged in: the cookies are set; the body is empty.') },
    ...errors(400, 403, 415),
  },
  examples: {
    403: { detail: 'Incorrect authentication credentials.', code: 'authentication_failed' },
  },
}

export const refreshSchema: RouteSchema = {
  tags: ['auth'],
  summary: 'Exchange the refresh_token cookie for a new access_token cookie (and a rotated refresh_token)',
  credential: 'refresh',
  response: { 200: empty, ...errors(401, 403) },
  examples: {
    401: { detail: 'Token is invalid or expired', code: 'token_not_valid' },
    403: { detail: 'You do not have permission to perform this action.', code: 'permission_denied' },
  },
}

export const logoutSchema: RouteSchema = {
  tags: ['auth'],
  summary: 'Revoke the session of the refresh_token cookie and delete both auth cookies (CSRF-protected)',
  credential: 'refresh',
  csrf: true,
  response: { 200: empty, ...errors(401, 403) },
}

export const userSchema: RouteSchema = {
  tags: ['user'],
  summary: 'The authenticated user (access_token cookie or Authorization: Bearer)',
  credential: 'access',
  response: {
    200: {
      type: 'object',
      required: ['id', 'username', 'first_name', 'last_name'],
      properties: {
        id: { type: 'integer' },
        username: { type: 'string' },
        first_name: { type: 'string' },
        last_name: { type: 'string' },
      },
      example: { id: 2, username: 'alice', first_name: 'Alice', last_name: 'Liddell' },
    },
    ...errors(401, 403),
  },
}

/** A live session as the session lists show it (the user's own list, and the admin's list of a user's sessions). */
export const sessionSchema = {
  type: 'object',
  required: ['id', 'created', 'last_used', 'expires', 'user_agent', 'ip'],
  properties: {
    id: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
    last_used: { type: 'string', format: 'date-time' },
    expires: { type: 'string', format: 'date-time' },
    user_agent: { type: 'string' },
    ip: { type: 'string' },
  },
} as const

const sessionItem = {
  type: 'object',
  required: [...sessionSchema.required, 'current'],
  properties: {
    ...sessionSchema.properties,
    current: { type: 'boolean', description: 'Whether this is the session of the calling request' },
  },
} as const

export const sessionsSchema: RouteSchema = {
  tags: ['sessions'],
  summary: "The caller's live sessions, newest first",
  credential: 'access',
  query: {
    page: {
      description: 'Page number (from 1); with page or page_size the answer is paged',
      schema: { type: 'integer', minimum: 1 },
    },
    page_size: {
      description: 'Sessions per page (default 20, at most 100)',
      schema: { type: 'integer', minimum: 1, maximum: 100 },
    },
  },
  response: {
    200: {
      description: "A plain list without paging parameters; DRF's paged object with them",
      oneOf: [
        { type: 'array', items: sessionItem },
        {
          type: 'object',
          properties: {
            count: { type: 'integer' },
            next: { type: 'string', nullable: true },
            previous: { type: 'string', nullable: true },
            results: { type: 'array', items: sessionItem },
          },
        },
      ],
      example: [
        {
          id: 'c24926c17293488e4349031bfd073ab6',
          created: '2026-11-22T10:11:03.000Z',
          last_used: '2026-11-22T10:26:40.000Z',
          expires: '2026-12-22T10:11:03.000Z',
          user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
          ip: '203.0.113.7',
          current: true,
        },
      ],
    },
    ...errors(401, 403, 404),
  },
}

export const revokeSessionSchema: RouteSchema = {
  tags: ['sessions'],
  summary: "Revoke one of the caller's sessions (404 for any other id)",
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
  credential: 'access',
  csrf: true,
  response: { 204: { type: 'null', description: 'Revoked' }, ...errors(401, 403, 404) },
}

export const logoutAllSchema: RouteSchema = {
  tags: ['auth'],
  summary: 'Revoke every session of the caller and delete the auth cookies',
  credential: 'access',
  csrf: true,
  response: { 200: empty, ...errors(401, 403) },
}

export const changePasswordSchema: RouteSchema = {
  tags: ['auth'],
  summary: "Change the password: revokes every other session, renews the caller's cookies",
  consumes: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
  body: {
    type: 'object',
    required: ['old_password', 'new_password'],
    properties: { old_password: { type: 'string' }, new_password: { type: 'string' } },
  },
  credential: 'access',
  csrf: true,
  response: { 200: empty, ...errors(400, 401, 403, 415) },
  examples: {
    400: {
      detail: 'Invalid input.',
      code: 'invalid',
      new_password: [
        'This password is too short. It must contain at least 8 characters.',
        'This password is too common.',
      ],
    },
  },
}

const accessBody = {
  type: 'object',
  required: ['access'],
  properties: {
    access: { type: 'string', description: 'The access JWT; keep it in memory, send it as Bearer' },
  },
  example: {
    access:
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoxNzk1ODQ1NDYzLCJpYXQiOjE3OTU4NDQ1NjMsImp0aSI6IjRmMWQ5YjJlIiwidXNlcl9pZCI6Mn0.3q2-7w',
  },
} as const

export const obtainTokenSchema: RouteSchema = {
  tags: ['access-in-body variant'],
  summary: 'Log in: the access token in the body, the refresh token only in its HttpOnly cookie',
  consumes: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
  body: credentials,
  response: { 200: accessBody, ...errors(400, 403, 415) },
  examples: {
    403: { detail: 'Incorrect authentication credentials.', code: 'authentication_failed' },
  },
}

export const tokenRefreshSchema: RouteSchema = {
  tags: ['access-in-body variant'],
  summary: 'A new access token in the body from the refresh cookie (rotated)',
  credential: 'refresh',
  response: { 200: accessBody, ...errors(401, 403) },
  examples: {
    401: { detail: "No valid token found in cookie 'refresh_token'", code: 'token_not_valid' },
    403: { detail: 'You do not have permission to perform this action.', code: 'permission_denied' },
  },
}
