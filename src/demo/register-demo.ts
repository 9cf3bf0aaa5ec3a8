import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { BrowserModules } from './browser-modules.ts'

const HERE = import.meta.dirname

/**
 * The demo page may load only its own scripts and styles and talk only to this server: no inline script, so an
 * injected `<script>` in a rendered value could not run even if one slipped past textContent.
 */
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

export interface DemoOptions {
  /** Where the page is served (default `/`). */
  readonly path?: string
}

/**
 * Serves the demo single-page app: the page at `/`, its stylesheet at `/demo.css`, its script at `/demo.js` (and
 * `/demo/<module>.js`), and the browser client at `/client.js` (and `/client/<module>.js`), all built from the
 * TypeScript sources on first request (from the compiled JavaScript beside this file in the npm package). Meant for development; the server registers it when `demo` is on.
 *
 * @example registerDemo(app) // before app.ready()
 */
export function registerDemo(app: FastifyInstance, opts: DemoOptions = {}): void {
  const modules = new BrowserModules([
    { dir: join(HERE, '..', 'client'), entry: 'index', entryUrl: '/client.js', prefix: '/client/' },
    { dir: join(HERE, 'browser'), entry: 'main', entryUrl: '/demo.js', prefix: '/demo/' },
  ])
  const page = readFileSync(join(HERE, 'index.html'), 'utf8')
  const css = readFileSync(join(HERE, 'demo.css'), 'utf8')
  const icon = readFileSync(join(HERE, 'favicon.svg'), 'utf8')
  const hide = { schema: { hide: true } }

  app.get(opts.path ?? '/', hide, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('cache-control', 'no-cache')
      .send(page),
  )
  app.get('/demo.css', hide, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(css),
  )
  app.get('/favicon.svg', hide, async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'max-age=86400').send(icon),
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
