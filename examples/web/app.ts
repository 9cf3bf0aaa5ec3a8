import type { Latchkey } from 'latchkey'
import { toWebHandler } from 'latchkey/web'
import { NOT_FOUND, notesOf } from '../shared/notes.ts'

/** A plain Fetch API handler (as Deno, Bun, Workers or Next.js route handlers take) with one protected route. */
export function createApp(latchkey: Latchkey): (request: Request, ip?: string) => Promise<Response> {
  const auth = toWebHandler(latchkey)
  return async (request, ip) => {
    const answered = await auth.handle(request, ip) // undefined when the path is not Latchkey's
    if (answered !== undefined) return answered
    if (new URL(request.url).pathname === '/api/notes' && request.method === 'GET') {
      const me = await auth.authenticate(request, ip)
      return me.ok ? Response.json(notesOf(me.user)) : me.response
    }
    return Response.json(NOT_FOUND, { status: 404 })
  }
}
