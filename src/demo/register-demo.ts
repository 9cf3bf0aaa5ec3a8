import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BrowserModules } from './browser-modules.ts'
import { pageRoutes } from './page-routes.ts'

const HERE = import.meta.dirname
/** What the demo shares with the admin page: DOM helpers and the base stylesheet. */
const SHARED_UI = join(HERE, '..', 'browser-ui')

export interface DemoOptions {
  /** Where the page is served (default `/`). */
  readonly path?: string
}

/**
 * Serves the demo single-page app: the page at `/`, its stylesheets at `/demo/ui/base.css` (shared with the admin
 * page) and `/demo.css`, its script at `/demo.js` (and `/demo/<module>.js`), and the browser client at `/client.js`
 * (and `/client/<module>.js`), all built from the TypeScript sources on first request (from the compiled JavaScript
 * beside this file in the npm package). Meant for development; the server registers it when `demo` is on.
 *
 * @example registerDemo(app) // before app.ready()
 */
export function registerDemo(app: FastifyInstance, opts: DemoOptions = {}): void {
  const modules = new BrowserModules([
    { dir: join(HERE, '..', 'client'), entry: 'index', entryUrl: '/client.js', prefix: '/client/' },
    { dir: join(HERE, 'browser'), entry: 'main', entryUrl: '/demo.js', prefix: '/demo/' },
    { dir: SHARED_UI, prefix: '/demo/ui/' },
  ])
  const routes = pageRoutes(app)
  routes.html(opts.path ?? '/', readFileSync(join(HERE, 'index.html'), 'utf8'))
  routes.file(
    '/demo/ui/base.css',
    'text/css; charset=utf-8',
    readFileSync(join(SHARED_UI, 'base.css'), 'utf8'),
  )
  routes.file('/demo.css', 'text/css; charset=utf-8', readFileSync(join(HERE, 'demo.css'), 'utf8'))
  routes.file(
    '/favicon.svg',
    'image/svg+xml',
    readFileSync(join(HERE, 'favicon.svg'), 'utf8'),
    'max-age=86400',
  )
  routes.modules(modules)
}
