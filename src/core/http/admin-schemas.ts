import { errorBody, type RouteSchema } from './schemas.ts'

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

function page(item: object) {
  return {
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

const session = {
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
const revoked = {
  type: 'object',
  required: ['revoked_sessions'],
  properties: { revoked_sessions: { type: 'integer' } },
} as const
const tags = ['admin']

export const ADMIN_SCHEMAS: Readonly<Record<string, RouteSchema>> = {
  'GET /accounts/admin/users/': {
    tags,
    summary: 'Users, paginated (staff)',
    query: {
      search: {
        description: 'In username, email, first and last name (case-insensitive)',
        schema: { type: 'string' },
      },
      is_active: { description: 'Only active (true) or inactive (false) users', schema: flag },
      is_staff: { description: 'Only staff (true) or non-staff (false) users', schema: flag },
      page: { description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
      page_size: {
        description: 'Users per page (default 25, at most 100)',
        schema: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    response: { 200: page(user), ...errors(400, 401, 403, 404) },
  },
  'POST /accounts/admin/users/': {
    tags,
    summary: "Create a user (Django's username and password validators; flags need a superuser)",
    consumes,
    body: {
      type: 'object',
      required: ['username', 'password'],
      properties: {
        username: { type: 'string' },
        password: { type: 'string' },
        email: { type: 'string' },
        first_name: { type: 'string' },
        last_name: { type: 'string' },
        is_active: flag,
        is_staff: flag,
        is_superuser: flag,
      },
    },
    response: { 201: user, ...errors(400, 401, 403, 415) },
  },
  'GET /accounts/admin/users/:id/': {
    tags,
    summary: 'One user',
    params: idParam,
    response: { 200: user, ...errors(401, 403, 404) },
  },
  'PATCH /accounts/admin/users/:id/': {
    tags,
    summary:
      'Change names, email, is_active (false revokes every session), is_staff/is_superuser (superuser)',
    consumes,
    params: idParam,
    body: {
      type: 'object',
      properties: {
        email: { type: 'string' },
        first_name: { type: 'string' },
        last_name: { type: 'string' },
        is_active: flag,
        is_staff: flag,
        is_superuser: flag,
      },
    },
    response: { 200: user, ...errors(400, 401, 403, 404, 415) },
  },
  'DELETE /accounts/admin/users/:id/': {
    tags,
    summary: 'Delete a user and their sessions',
    params: idParam,
    response: { 204: { type: 'null', description: 'Deleted' }, ...errors(400, 401, 403, 404) },
  },
  'POST /accounts/admin/users/:id/set_password/': {
    tags,
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
    tags,
    summary: "The user's live sessions, newest first",
    params: idParam,
    response: { 200: { type: 'array', items: session }, ...errors(401, 403, 404) },
  },
  'POST /accounts/admin/users/:id/logout_all/': {
    tags,
    summary: 'Revoke every session of the user',
    params: idParam,
    response: { 200: revoked, ...errors(401, 403, 404) },
  },
  'DELETE /accounts/admin/sessions/:id/': {
    tags,
    summary: "Revoke any user's live session",
    params: idParam,
    response: { 204: { type: 'null', description: 'Revoked' }, ...errors(401, 403, 404) },
  },
  'GET /accounts/admin/events/': {
    tags,
    summary: 'The audit log, newest first',
    query: {
      user: { description: 'Only events about this user id', schema: { type: 'integer' } },
      type: {
        description: 'Only events of this type (login, admin.user_deactivated, …)',
        schema: { type: 'string' },
      },
      page: { description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
      page_size: {
        description: 'Events per page (default 25, at most 100)',
        schema: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    response: { 200: page(event), ...errors(400, 401, 403, 404) },
  },
  'GET /accounts/admin/keys/': {
    tags,
    summary: 'Signing keys and their states (no key material)',
    response: { 200: { type: 'array', items: key }, ...errors(401, 403) },
  },
  'POST /accounts/admin/keys/rotate/': {
    tags,
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
      },
      ...errors(400, 401, 403, 415),
    },
  },
}
