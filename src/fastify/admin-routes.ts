import type { FastifyInstance, HTTPMethods } from 'fastify'
import { ADMIN_ENDPOINTS } from '../core/admin/admin-endpoints.ts'
import type { AuthContext } from '../core/context.ts'
import { ADMIN_SCHEMAS } from './admin-schemas.ts'
import { endpoint, type Flow } from './routes.ts'

/** Registers the core's admin endpoint list (`/accounts/admin/…`) with the same conventions as every endpoint. */
export function registerAdminRoutes(app: FastifyInstance, ctx: AuthContext): void {
  for (const spec of ADMIN_ENDPOINTS) {
    const methods = Object.keys(spec.methods) as (keyof typeof spec.methods)[]
    const allow: HTTPMethods[] = methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m]))
    const handlers: Partial<Record<HTTPMethods, { schema: object; flow: Flow }>> = {}
    for (const method of methods) {
      const flow = spec.methods[method]
      if (flow === undefined) continue
      handlers[method] = {
        schema: ADMIN_SCHEMAS[`${method} ${spec.path}`] ?? { tags: ['admin'] },
        flow: (request, params) => flow(ctx, request, params),
      }
    }
    endpoint(app, ctx, { path: spec.path, allow, name: spec.name, authenticated: true }, handlers)
  }
}
