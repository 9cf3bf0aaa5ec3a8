import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import type { Latchkey } from 'latchkey'
import { latchkeyGuard, latchkeyRoutes } from 'latchkey/hono'
import { NOT_FOUND, notesOf } from '../shared/notes.ts'

/** A Hono app (on Node) with Latchkey's API and one protected route of its own. */
export function createApp(latchkey: Latchkey): Hono {
  const clientIp = { clientIp: (c: Parameters<typeof getConnInfo>[0]) => getConnInfo(c).remote.address }
  const app = new Hono()
  app.route('/', latchkeyRoutes(latchkey, clientIp))
  app.get('/api/notes', latchkeyGuard(latchkey, clientIp), (c) => c.json(notesOf(c.get('auth').user)))
  // The app's own 404 speaks the same JSON as its API.
  app.notFound((c) => c.json(NOT_FOUND, 404))
  return app
}
