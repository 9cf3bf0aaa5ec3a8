import type { Context, MiddlewareHandler } from 'hono'
import type { AuthOutcome, Latchkey } from '../../core/create-latchkey.ts'
import { toWebHandler } from '../web/index.ts'

/** What `latchkeyGuard` sets: `c.get('auth')`. */
export type LatchkeyVariables = { auth: Extract<AuthOutcome, { ok: true }> }

export interface HonoAdapterOptions {
  /** The client address (e.g. `getConnInfo(c).remote.address` from your runtime's Hono adapter). */
  readonly clientIp?: (c: Context) => string | undefined
}

/**
 * Latchkey's API (`/accounts/…`, `/openapi.json`) as Hono middleware; any other path goes on to the app's own
 * routes. A thin wrapper over `latchkey/web`.
 *
 * @example
 * app.use(latchkeyRoutes(latchkey))
 * app.get('/api/notes', latchkeyGuard(latchkey), (c) => c.json(listNotes(c.get('auth').user.id)))
 */
export function latchkeyRoutes(latchkey: Latchkey, options: HonoAdapterOptions = {}): MiddlewareHandler {
  const web = toWebHandler(latchkey)
  return async (c, next) => {
    const response = await web.handle(c.req.raw, options.clientIp?.(c))
    if (response !== undefined) return response
    await next()
  }
}

/**
 * Middleware for the app's own routes: authenticates exactly as `/accounts/user/` does and sets `c.get('auth')`,
 * or answers the refusal (401 with `WWW-Authenticate`, 403 …) itself.
 *
 * @example
 * app.get('/api/notes', latchkeyGuard(latchkey), (c) => c.json({ owner: c.get('auth').user.username }))
 */
export function latchkeyGuard(
  latchkey: Latchkey,
  options: HonoAdapterOptions = {},
): MiddlewareHandler<{ Variables: LatchkeyVariables }> {
  const web = toWebHandler(latchkey)
  return async (c, next) => {
    const outcome = await web.authenticate(c.req.raw, options.clientIp?.(c))
    if (!outcome.ok) return outcome.response
    c.set('auth', outcome)
    await next()
  }
}
