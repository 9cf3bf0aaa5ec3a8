import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BrowserModules } from '../demo/browser-modules.ts'
import { pageRoutes } from '../demo/page-routes.ts'

const HERE = import.meta.dirname
/** What the admin page shares with the demo: DOM helpers and the base stylesheet. */
const SHARED_UI = join(HERE, '..', 'browser-ui')

/**
 * Serves the admin page at `/admin/` (its stylesheets and modules under `/admin/`, the browser client at
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
    { dir: SHARED_UI, prefix: '/admin/ui/' },
  ])
  const routes = pageRoutes(app)
  routes.html('/admin/', readFileSync(join(HERE, 'index.html'), 'utf8'))
  routes.file(
    '/admin/ui/base.css',
    'text/css; charset=utf-8',
    readFileSync(join(SHARED_UI, 'base.css'), 'utf8'),
  )
  routes.file('/admin/admin.css', 'text/css; charset=utf-8', readFileSync(join(HERE, 'admin.css'), 'utf8'))
  routes.modules(modules)
}
