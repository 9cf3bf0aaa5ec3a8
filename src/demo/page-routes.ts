import type { FastifyInstance } from 'fastify'
import type { BrowserModules } from './browser-modules.ts'

/**
 * What the server's pages (the demo, the admin page) may load: only their own scripts and styles, and talk only to
 * this server. No inline script, so an injected `<script>` in a rendered value could not run even if one slipped
 * past `textContent` (OWASP ASVS 5.0 3.4.3).
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

/** The pages' routes stay out of the OpenAPI document. */
const HIDE = { schema: { hide: true } }

/**
 * A page of the server: its HTML under the pages' CSP, and a file or module route for each asset beside it. Every
 * answer is `no-cache` unless given otherwise: pages and scripts change with the server.
 *
 * @example
 * const page = pageRoutes(app)
 * page.html('/admin/', html)
 * page.file('/admin/admin.css', 'text/css; charset=utf-8', css)
 * page.modules(modules)
 */
export function pageRoutes(app: FastifyInstance) {
  return {
    html(url: string, html: string): void {
      app.get(url, HIDE, async (_request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', PAGE_CSP)
          .header('cache-control', 'no-cache')
          .send(html),
      )
    },
    file(url: string, type: string, body: string, cacheControl = 'no-cache'): void {
      app.get(url, HIDE, async (_request, reply) =>
        reply.type(type).header('cache-control', cacheControl).send(body),
      )
    },
    modules(modules: BrowserModules): void {
      for (const url of modules.urls()) {
        app.get(url, HIDE, async (_request, reply) =>
          reply
            .type('text/javascript; charset=utf-8')
            .header('cache-control', 'no-cache')
            .send(modules.source(url)),
        )
      }
    },
  }
}
