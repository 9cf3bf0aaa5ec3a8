interface StoredCookie {
  readonly value: string
  readonly path: string
  readonly httpOnly: boolean
}

/**
 * A browser's cookie jar for one host, enough for Latchkey's cookies: Path scoping (the refresh cookie lives under
 * /accounts/auth/), deletion by Max-Age=0, and HttpOnly hidden from {@link documentCookie}. Expiry by time is left
 * out on purpose: the server runs on a manual clock, and a test drops a cookie by hand where a browser would.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>()
  /** Every request sent through {@link fetch}, in order: `METHOD /path`. */
  readonly requests: string[] = []

  /** Node's fetch with this jar: what a browser does with `credentials: 'include'`. */
  readonly fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    this.requests.push(`${request.method} ${url.pathname}`)
    const headers = new Headers(request.headers)
    const cookie = this.header(url.pathname)
    if (cookie !== '') headers.set('cookie', cookie)
    const response = await fetch(new Request(request, { headers }))
    this.store(response)
    return response
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key.toLowerCase()}=`))?.split('=')[1]
      if (attribute('Max-Age') === '0') {
        this.#cookies.delete(name)
        continue
      }
      this.#cookies.set(name, {
        value: pair.slice(eq + 1),
        path: attribute('Path') ?? '/',
        httpOnly: attributes.some((a) => a.toLowerCase() === 'httponly'),
      })
    }
  }

  /** The Cookie header for a request path. */
  header(path: string): string {
    return [...this.#cookies]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ')
  }

  /** What `document.cookie` would show: the cookies scripts may read. */
  readonly documentCookie = (): string =>
    [...this.#cookies]
      .filter(([, c]) => !c.httpOnly)
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ')

  has(name: string): boolean {
    return this.#cookies.has(name)
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)?.value
  }

  /** What a browser does when a cookie's Max-Age runs out. */
  drop(name: string): void {
    this.#cookies.delete(name)
  }
}
