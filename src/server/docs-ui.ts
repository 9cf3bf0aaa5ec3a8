import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { openApiDocument } from '../core/http/openapi.ts'
import type { Settings } from '../core/options.ts'

/**
 * The docs page's Content-Security-Policy: its own scripts only (swagger-ui's page loads three script files and runs
 * no inline script), calls to its own origin only, no plugins, no framing (as `X-Frame-Options: DENY`), no form
 * posted elsewhere. Inline styles stay allowed: swagger-ui's React components set `style` attributes. No
 * `upgrade-insecure-requests`, which would send a development server's plain-http calls to https (OWASP ASVS 5.0
 * 3.4.3; MDN's CSP guide).
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ')

/**
 * swagger-ui's request interceptor, built as a function of the configured names (@fastify/swagger-ui serialises it
 * into its initializer script, so it runs under `script-src 'self'`): an unsafe request gets the CSRF header from the
 * CSRF cookie, as a single-page app sends it (the reference's schema view does the same with
 * `requestInterceptor`), so login, logout and every CSRF-protected operation work from the page.
 */
function csrfInterceptor(settings: Settings): (request: unknown) => unknown {
  const cookie = JSON.stringify(settings.csrf.cookieName)
  const header = JSON.stringify(settings.csrf.headerName)
  // `new Function` only builds the text @fastify/swagger-ui serialises into its script file; nothing evaluates a
  // string at run time (the server never calls it, and the page runs the file).
  return new Function(
    'request',
    `const method = (request.method || 'GET').toUpperCase();
    if (['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(method)) return request;
    const prefix = ${cookie} + '=';
    const found = document.cookie.split('; ').find((c) => c.startsWith(prefix));
    if (found !== undefined) request.headers[${header}] = decodeURIComponent(found.slice(prefix.length));
    return request;`,
  ) as (request: unknown) => unknown
}

/**
 * The OpenAPI document (`/docs/json`) and, when `docs` is on, the swagger-ui page at `/docs/` under its CSP, able to
 * log in, log out and call every CSRF-protected operation with the browser's own cookies.
 */
export async function registerDocs(app: FastifyInstance, settings: Settings): Promise<void> {
  await app.register(swagger, {
    mode: 'static',
    specification: { document: openApiDocument(settings) as never },
  })
  if (!settings.docs) return
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: DOCS_CSP,
    uiConfig: {
      requestInterceptor: csrfInterceptor(settings),
      // Same-origin calls carry the browser's cookies; the page runs no code of its own besides this.
      withCredentials: true,
      tryItOutEnabled: true,
      displayRequestDuration: true,
    } as never,
  })
}
