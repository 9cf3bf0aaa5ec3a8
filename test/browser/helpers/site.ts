import { createServer, type Server } from 'node:http'

/** Path → HTML, built at request time (a page may need the API's URL, known only once it listens). */
export type Pages = Readonly<Record<string, () => string>>

export interface Site {
  /** e.g. `http://127.0.0.2:41234` */
  readonly origin: string
  close(): Promise<void>
}

/**
 * Another web site on a loopback address: an attacker's pages, or an app's frontend on its own origin. `host` is
 * what the browser sees (`localhost` for a sibling of the API on the same site, `127.0.0.2` for another site).
 */
export async function startSite(
  host: 'localhost' | '127.0.0.2',
  pages: Pages = {},
): Promise<Site & { pages: Record<string, () => string> }> {
  const routes: Record<string, () => string> = { ...pages }
  const server: Server = createServer((request, response) => {
    const page = routes[new URL(request.url ?? '/', 'http://x').pathname]
    if (page === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page())
  })
  const bind = host === 'localhost' ? '127.0.0.1' : host
  await new Promise<void>((resolve) => server.listen(0, bind, resolve))
  const port = (server.address() as { port: number }).port
  return {
    origin: `http://${host}:${port}`,
    pages: routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
