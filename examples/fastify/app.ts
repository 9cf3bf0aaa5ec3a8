import Fastify, { type FastifyInstance } from 'fastify'
import type { Latchkey } from 'latchkey'
import { latchkeyPlugin } from 'latchkey/fastify'
import { NOT_FOUND, notesOf } from '../shared/notes.ts'

/** A Fastify app with Latchkey's API and one protected route of its own. */
export async function createApp(latchkey: Latchkey): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(latchkeyPlugin, { latchkey })
  app.get('/api/notes', { preHandler: app.latchkeyAuthenticate }, async (request) => {
    const auth = request.auth
    if (auth === null) throw new Error('unreachable: the preHandler answered')
    return notesOf(auth.user)
  })
  // The app's own 404 speaks the same JSON as its API.
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(NOT_FOUND))
  return app
}
