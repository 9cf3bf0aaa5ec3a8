import { DEFAULTS } from '../options.ts'
import { ENDPOINTS } from './endpoints.ts'
import { responseExample } from './openapi-examples.ts'
import type { RouteSchema } from './schemas.ts'

type Json = Record<string, unknown>

const INFO = {
  title: 'Latchkey',
  version: '0.1.0',
  description:
    'HttpOnly-cookie JWT authentication, wire-compatible with drf-jwt-httponly-cookie. Log in with `POST /accounts/auth/login/`: the browser keeps the cookies and sends them with every later call, and this page copies the CSRF token from its cookie into the CSRF header of every unsafe request, as a single-page app does. A Bearer token (from `POST /accounts/auth/token/`) can be set under Authorize instead.',
}

/** The names the document depends on: the cookies and the CSRF header, as configured. */
export interface OpenApiSettings {
  readonly cookies: { readonly accessName: string; readonly refreshName: string }
  readonly csrf: { readonly cookieName: string; readonly headerName: string }
}

const DEFAULT_NAMES: OpenApiSettings = { cookies: DEFAULTS.cookies, csrf: DEFAULTS.csrf }

/** `/accounts/sessions/:id/` → `/accounts/sessions/{id}/` (OpenAPI 3.0 path templating). */
function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}')
}

/**
 * The security schemes (OpenAPI 3.0 §4.8.27): the access token as its HttpOnly cookie or a Bearer header (SimpleJWT's
 * two ways in), and the refresh cookie, scoped to the refresh, logout and login routes.
 */
function securitySchemes(settings: OpenApiSettings): Json {
  return {
    accessCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: settings.cookies.accessName,
      description: `The HttpOnly access cookie set by login; an unsafe request it authenticates needs the ${settings.csrf.headerName} header.`,
    },
    bearer: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'An access token in `Authorization: Bearer <token>`: no cookie, so no CSRF token either.',
    },
    refreshCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: settings.cookies.refreshName,
      description: 'The HttpOnly refresh cookie set by login, sent only to the routes under /accounts/auth/.',
    },
  }
}

const SECURITY: Readonly<Record<'access' | 'refresh', readonly Json[]>> = {
  access: [{ accessCookie: [] }, { bearer: [] }],
  refresh: [{ refreshCookie: [] }],
}

/**
 * The CSRF header of an unsafe operation a cookie may authenticate. Not `required`: a Bearer-authenticated call
 * sends none, and the docs page fills it in from the cookie (Django's CsrfViewMiddleware reads the same header).
 */
function csrfParameter(settings: OpenApiSettings): Json {
  return {
    name: settings.csrf.headerName,
    in: 'header',
    required: false,
    schema: { type: 'string' },
    description: `The CSRF token: the ${settings.csrf.cookieName} cookie's value, or the token of GET /accounts/csrf_token/. Required when a cookie authenticates the request; /docs/ fills it in from the cookie.`,
  }
}

function responses(schema: RouteSchema): Json {
  return Object.fromEntries(
    Object.entries(schema.response).map(([status, body]) => {
      const { description: own, ...rest } = body as Json
      const { description, example } = responseExample(schema, Number(status))
      const text = typeof own === 'string' ? own : description
      if ((rest as Json).type === 'null') return [status, { description: text }]
      const { example: inline, ...shape } = rest as Json & { properties?: Json }
      const media: Json = { schema: shape }
      // An empty object schema (the cookie-setting answers) has one possible body.
      const none = shape.additionalProperties === false && Object.keys(shape.properties ?? {}).length === 0
      const chosen = inline ?? example ?? (none ? {} : undefined)
      if (chosen !== undefined) media.example = chosen
      return [status, { description: text, content: { 'application/json': media } }]
    }),
  )
}

function operation(schema: RouteSchema, path: string, settings: OpenApiSettings): Json {
  const op: Json = {}
  if (schema.tags !== undefined) op.tags = schema.tags
  if (schema.summary !== undefined) op.summary = schema.summary
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
  const parameters: Json[] = names.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  for (const [name, { description, schema: type }] of Object.entries(schema.query ?? {}))
    parameters.push({ name, in: 'query', required: false, description, schema: type })
  if (schema.csrf === true) parameters.push(csrfParameter(settings))
  if (parameters.length > 0) op.parameters = parameters
  if (schema.body !== undefined) {
    const media = schema.consumes ?? ['application/json']
    op.requestBody = {
      required: true,
      content: Object.fromEntries(media.map((type) => [type, { schema: schema.body }])),
    }
  }
  op.security = schema.credential === undefined ? [] : SECURITY[schema.credential]
  op.responses = responses(schema)
  return op
}

/**
 * The OpenAPI 3.0 document of Latchkey's endpoints, generated from the same table and schemas that serve them,
 * so the document cannot drift from the API; the cookie and CSRF header names are the configured ones. Every host
 * serves it as `/openapi.json`.
 *
 * @example
 * const doc = openApiDocument(latchkey.settings)
 * doc.paths['/accounts/user/'].get.summary // 'The authenticated user (…)'
 */
export function openApiDocument(settings: OpenApiSettings = DEFAULT_NAMES): Json {
  const paths: Record<string, Json> = {}
  for (const endpoint of ENDPOINTS) {
    const entry: Json = {}
    for (const [method, handler] of Object.entries(endpoint.handlers)) {
      if (handler !== undefined)
        entry[method.toLowerCase()] = operation(handler.schema, endpoint.path, settings)
    }
    paths[openApiPath(endpoint.path)] = entry
  }
  return {
    openapi: '3.0.3',
    info: INFO,
    paths,
    components: { securitySchemes: securitySchemes(settings) },
  }
}

/** Where every host serves the document. */
export const OPENAPI_PATH = '/openapi.json'
