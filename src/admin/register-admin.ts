import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BrowserModules } from '../demo/browser-modules.ts'

const HERE = import.meta.dirname

/** Only its own scripts and styles, only this server: values from the API are written as text, never as HTML. */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

/**
 * Serves the admin page at `/admin/` (its stylesheet and modules under `/admin/`, the browser client at
 * `/admin/client.js`), built from the TypeScript sources on first request. The page holds no authority of its own:
 * every action is a call to `/accounts/admin/…`, which checks the caller is staff.
 *
 * @example registerAdmin(app) // before app.ready(); the server does it unless LATCHKEY_ADMIN=false
 */
export function registerAdmin(app: FastifyInstance): void {
  const modules = new BrowserModules([
    {
      dir: join(HERE, '..', 'client'),
      entry: 'index',
      entryUrl: '/admin/client.js',
      prefix: '/admin/client/',
    },
    { dir: join(HERE, 'browser'), entry: 'main', entryUrl: '/admin/admin.js', prefix: '/admin/js/' },
  ])
  const page = readFileSync(join(HERE, 'index.html'), 'utf8')
  const css = readFileSync(join(HERE, 'admin.css'), 'utf8')
  const hide = { schema: { hide: true } }
  app.get('/admin/', hide, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', 'no-cache')
      .send(page),
  )
  app.get('/admin/admin.css', hide, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(css),
  )
  for (const url of modules.urls()) {
    app.get(url, hide, async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(modules.source(url)),
    )
  }
}
