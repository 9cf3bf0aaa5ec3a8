import express, { type Express } from 'express'
import type { Latchkey } from 'latchkey'
import { latchkeyGuard, latchkeyRouter } from 'latchkey/express'
import { NOT_FOUND, notesOf } from '../shared/notes.ts'

/** An Express 5 app with Latchkey's API and one protected route of its own. */
export function createApp(latchkey: Latchkey): Express {
  const app = express()
  app.use(latchkeyRouter(latchkey)) // before any body parser: Latchkey reads its own bodies
  app.get('/api/notes', latchkeyGuard(latchkey), (req, res) => {
    if (req.auth === undefined) throw new Error('unreachable: the guard answered')
    res.json(notesOf(req.auth.user))
  })
  // The app's own 404 speaks the same JSON as its API.
  app.use((_req, res) => {
    res.status(404).json(NOT_FOUND)
  })
  return app
}
