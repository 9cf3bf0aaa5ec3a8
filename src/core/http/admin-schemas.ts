import { errorBody, type RouteSchema, sessionSchema } from './schemas.ts'

/**
 * Schemas of the admin API for the OpenAPI document, keyed `METHOD path`. As for the other endpoints, bodies are
 * validated by the flows (DRF's messages); these describe the wire shapes.
 */

function errors(...statuses: number[]): Record<number, typeof errorBody> {
  return Object.fromEntries(statuses.map((status) => [status, errorBody]))
}

const nullableDate = { type: 'string', format: 'date-time', nullable: true } as const

const user = {
  type: 'object',
  required: [
    'id',
    'username',
    'email',
    'first_name',
    'last_name',
    'is_active',
    'is_staff',
    'is_superuser',
    'date_joined',
    'last_login',
  ],
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    email: { type: 'string' },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    is_active: { type: 'boolean' },
    is_staff: { type: 'boolean' },
    is_superuser: { type: 'boolean' },
    date_joined: { type: 'string', format: 'date-time' },
    last_login: nullableDate,
  },
} as const

const USER_EXAMPLE = {
  id: 2,
  username: 'alice',
  email: 'alice@example.com',
  first_name: 'Alice',
  last_name: 'Liddell',
  is_active: true,
  is_staff: false,
  is_superuser: false,
  date_joined: '2026-11-01T09:30:00.000Z',
  last_login: '2026-11-29T08:15:42.120Z',
}

const SESSION_EXAMPLE = {
  id: '3f0c9a1d5b7e4c2a8f6d0b1e9c7a5d3f',
  created: '2026-11-29T08:15:42.120Z',
  last_used: '2026-11-29T08:30:11.004Z',
  expires: '2026-12-29T08:15:42.120Z',
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
  ip: '203.0.113.7',
}

const EVENT_EXAMPLE = {
  id: 41,
  type: 'admin.user_deactivated',
  at: '2026-11-29T08:31:02.500Z',
  user: 2,
  actor: 1,
  session: null,
  ip: '203.0.113.9',
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
  detail: { revoked_sessions: 1 },
}

const KEY_EXAMPLE = {
  kid: '9c2f4e1a7b3d5c60',
  secret_key: false,
  algorithm: 'EdDSA',
  created: '2026-11-29T08:40:00.000Z',
  activates: '2026-11-29T08:40:30.000Z',
  retires: null,
  state: 'verify-only',
}

/** DRF's paged body with one result, as `GET …?page=2&page_size=1` answers. */
function pageExample(result: object, path: string) {
  return {
    count: 3,
    next: `https://api.example.com${path}?page=3&page_size=1`,
    previous: `https://api.example.com${path}?page_size=1`,
    results: [result],
  }
}

function page(item: object, example: object) {
  return {
    example,
    type: 'object',
    required: ['count', 'next', 'previous', 'results'],
    properties: {
      count: { type: 'integer' },
      next: { type: 'string', nullable: true },
      previous: { type: 'string', nullable: true },
      results: { type: 'array', items: item },
    },
  }
}

const event = {
  type: 'object',
  required: ['id', 'type', 'at', 'user', 'actor', 'session', 'ip', 'user_agent', 'detail'],
  properties: {
    id: { type: 'integer' },
    type: {
      type: 'string',
      description:
        'login, login_failed, refresh_token_reuse_detected, logout, session_revoked, password_changed, admin.*',
    },
    at: { type: 'string', format: 'date-time' },
    user: { type: 'integer', nullable: true },
    actor: { type: 'integer', nullable: true, description: 'The acting administrator (admin.* events)' },
    session: { type: 'string', nullable: true },
    ip: { type: 'string' },
    user_agent: { type: 'string' },
    detail: { type: 'object', additionalProperties: true },
  },
} as const

const key = {
  type: 'object',
  required: ['kid', 'secret_key', 'algorithm', 'created', 'activates', 'retires', 'state'],
  properties: {
    kid: { type: 'string', nullable: true },
    secret_key: { type: 'boolean' },
    algorithm: { type: 'string', enum: ['HS256', 'EdDSA', 'ES256'] },
    created: { type: 'string', format: 'date-time' },
    activates: { type: 'string', format: 'date-time' },
    retires: nullableDate,
    state: { type: 'string', enum: ['in service', 'verify-only', 'retired'] },
  },
} as const

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } as const
const consumes = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']
const flag = { type: 'boolean' } as const
/** The fields of a user that staff set, at creation (beside username and password) and later. */
const editableUser = {
  email: { type: 'string' },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  is_active: flag,
  is_staff: flag,
  is_superuser: flag,
} as const
/** The paging parameters of a list (`items` names what is listed), as src/core/admin/paginate.ts reads them for each. */
function pageQuery(items: string) {
  return {
    page: { description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
    page_size: {
      description: `${items} per page (default 25, at most 100)`,
      schema: { type: 'integer', minimum: 1, maximum: 100 },
    },
  } as const
}
const revoked = {
  type: 'object',
  required: ['revoked_sessions'],
  properties: { revoked_sessions: { type: 'integer' } },
  example: { revoked_sessions: 2 },
} as const
const tags = ['admin']
/** Every admin operation is authenticated by the access token (cookie or Bearer). */
const access = { tags, credential: 'access' } as const
/** …and the unsafe ones need the CSRF header when the cookie authenticates them. */
const unsafe = { ...access, csrf: true } as const

export const ADMIN_SCHEMAS: Readonly<Record<string, RouteSchema>> = {
  'GET /accounts/admin/users/': {
    ...access,
    summary: 'Users, paginated (staff)',
    query: {
      search: {
        description: 'In username, email, first and last name (case-insensitive)',
        schema: { type: 'string' },
      },
      is_active: { description: 'Only active (true) or inactive (false) users', schema: flag },
      is_staff: { description: 'Only staff (true) or non-staff (false) users', schema: flag },
      ...pageQuery('Users'),
    },
    response: {
      200: page(user, pageExample(USER_EXAMPLE, '/accounts/admin/users/')),
      ...errors(400, 401, 403, 404),
    },
  },
  'POST /accounts/admin/users/': {
    ...unsafe,
    summary: "Create a user (Django's username and password validators; flags need a superuser)",
    consumes,
    body: {
      type: 'object',
      required: ['username', 'password'],
      properties: { username: { type: 'string' }, password: { type: 'string' }, ...editableUser },
    },
    response: { 201: { ...user, example: USER_EXAMPLE }, ...errors(400, 401, 403, 415) },
  },
  'GET /accounts/admin/users/:id/': {
    ...access,
    summary: 'One user',
    params: idParam,
    response: { 200: { ...user, example: USER_EXAMPLE }, ...errors(401, 403, 404) },
  },
  'PATCH /accounts/admin/users/:id/': {
    ...unsafe,
    summary:
      'Change names, email, is_active (false revokes every session), is_staff/is_superuser (superuser)',
    consumes,
    params: idParam,
    body: { type: 'object', properties: editableUser },
    response: { 200: { ...user, example: USER_EXAMPLE }, ...errors(400, 401, 403, 404, 415) },
  },
  'DELETE /accounts/admin/users/:id/': {
    ...unsafe,
    summary: 'Delete a user and their sessions',
    params: idParam,
    response: { 204: { type: 'null', description: 'Deleted' }, ...errors(400, 401, 403, 404) },
  },
  'POST /accounts/admin/users/:id/set_password/': {
    ...unsafe,
    summary:
      "Set a password (Django's validators); revokes the user's sessions unless revoke_sessions is false",
    consumes,
    params: idParam,
    body: {
      type: 'object',
      required: ['password'],
      properties: { password: { type: 'string' }, revoke_sessions: flag },
    },
    response: { 200: revoked, ...errors(400, 401, 403, 404, 415) },
  },
  'GET /accounts/admin/users/:id/sessions/': {
    ...access,
    summary: "The user's live sessions, newest first",
    params: idParam,
    response: {
      200: { type: 'array', items: sessionSchema, example: [SESSION_EXAMPLE] },
      ...errors(401, 403, 404),
    },
  },
  'POST /accounts/admin/users/:id/logout_all/': {
    ...unsafe,
    summary: 'Revoke every session of the user',
    params: idParam,
    response: { 200: revoked, ...errors(401, 403, 404) },
  },
  'DELETE /accounts/admin/sessions/:id/': {
    ...unsafe,
    summary: "Revoke any user's live session",
    params: idParam,
    response: { 204: { type: 'null', description: 'Revoked' }, ...errors(401, 403, 404) },
  },
  'GET /accounts/admin/events/': {
    ...access,
    summary: 'The audit log, newest first',
    query: {
      user: { description: 'Only events about this user id', schema: { type: 'integer' } },
      type: {
        description: 'Only events of this type (login, admin.user_deactivated, …)',
        schema: { type: 'string' },
      },
      ...pageQuery('Events'),
    },
    response: {
      200: page(event, pageExample(EVENT_EXAMPLE, '/accounts/admin/events/')),
      ...errors(400, 401, 403, 404),
    },
  },
  'GET /accounts/admin/keys/': {
    ...access,
    summary: 'Signing keys and their states (no key material)',
    response: { 200: { type: 'array', items: key, example: [KEY_EXAMPLE] }, ...errors(401, 403) },
  },
  'POST /accounts/admin/keys/rotate/': {
    ...unsafe,
    summary: 'Add a signing key (superuser); no one is logged out',
    consumes,
    body: {
      type: 'object',
      properties: { algorithm: { type: 'string', enum: ['HS256', 'EdDSA', 'ES256'] } },
    },
    response: {
      201: {
        ...key,
        required: [...key.required, 'previous_keys_retire'],
        properties: { ...key.properties, previous_keys_retire: { type: 'string', format: 'date-time' } },
        example: { ...KEY_EXAMPLE, previous_keys_retire: '2026-12-29T08:40:30.000Z' },
      },
      ...errors(400, 401, 403, 415),
    },
  },
}
