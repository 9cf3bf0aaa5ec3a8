import { ENDPOINTS } from './endpoints.ts'
import type { RouteSchema } from './schemas.ts'

type Json = Record<string, unknown>

const INFO = {
  title: 'Latchkey',
  version: '0.1.0',
  description: 'HttpOnly-cookie JWT authentication, wire-compatible with drf-jwt-httponly-cookie.',
}

/** `/accounts/sessions/:id/` → `/accounts/sessions/{id}/` (OpenAPI 3.0 path templating). */
function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}')
}

function operation(schema: RouteSchema, path: string): Json {
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
  if (parameters.length > 0) op.parameters = parameters
  if (schema.body !== undefined) {
    const media = schema.consumes ?? ['application/json']
    op.requestBody = {
      required: true,
      content: Object.fromEntries(media.map((type) => [type, { schema: schema.body }])),
    }
  }
  op.responses = Object.fromEntries(
    Object.entries(schema.response).map(([status, body]) => {
      const { description, ...rest } = body as Json
      const text = typeof description === 'string' ? description : status.startsWith('2') ? 'OK' : 'Error'
      if ((rest as Json).type === 'null') return [status, { description: text }]
      return [status, { description: text, content: { 'application/json': { schema: rest } } }]
    }),
  )
  return op
}

/**
 * The OpenAPI 3.0 document of Latchkey's endpoints, generated from the same table and schemas that serve them,
 * so the document cannot drift from the API. Every host serves it as `/openapi.json`.
 *
 * @example
 * const doc = openApiDocument()
 * doc.paths['/accounts/user/'].get.summary // 'The authenticated user (…)'
 */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {}
  for (const endpoint of ENDPOINTS) {
    const entry: Json = {}
    for (const [method, handler] of Object.entries(endpoint.handlers)) {
      if (handler !== undefined) entry[method.toLowerCase()] = operation(handler.schema, endpoint.path)
    }
    paths[openApiPath(endpoint.path)] = entry
  }
  return { openapi: '3.0.3', info: INFO, paths }
}

/** Where every host serves the document. */
export const OPENAPI_PATH = '/openapi.json'
