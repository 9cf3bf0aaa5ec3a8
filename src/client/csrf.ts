/** Django's safe methods (RFC 9110 §9.2.1): they never need a CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase())
}

/** One cookie's value out of a `document.cookie` string, or undefined. */
export function cookieValue(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}

export interface CsrfToken {
  readonly value: string
  /** From the token endpoint's body, not the cookie: it goes stale when the cookie rotates (login, new password). */
  readonly fromMemory: boolean
}

/**
 * Where the `X-CSRFToken` value comes from. The `csrftoken` cookie is deliberately readable by page scripts (Django's
 * CSRF_COOKIE_HTTPONLY = False): its raw secret is a valid header value. When there is none yet, or the page cannot
 * read it (an API on another host without a shared cookie domain), `GET /accounts/csrf_token/` sets the cookie and
 * also returns a masked token, which is kept until the server rotates the secret.
 */
export class CsrfSource {
  readonly #readCookies: () => string
  readonly #cookieName: string
  readonly #fetchToken: () => Promise<string>
  #memory: string | undefined
  #pending: Promise<string> | undefined

  constructor(readCookies: () => string, cookieName: string, fetchToken: () => Promise<string>) {
    this.#readCookies = readCookies
    this.#cookieName = cookieName
    this.#fetchToken = fetchToken
  }

  async token(): Promise<CsrfToken> {
    const cookie = cookieValue(this.#readCookies(), this.#cookieName)
    if (cookie !== undefined && cookie !== '') return { value: cookie, fromMemory: false }
    if (this.#memory !== undefined) return { value: this.#memory, fromMemory: true }
    // Concurrent unsafe requests share one token fetch.
    this.#pending ??= this.#fetchToken().finally(() => {
      this.#pending = undefined
    })
    const fetched = await this.#pending
    const after = cookieValue(this.#readCookies(), this.#cookieName)
    if (after !== undefined && after !== '') return { value: after, fromMemory: false }
    this.#memory = fetched
    return { value: fetched, fromMemory: true }
  }

  /** The server rotated the secret (login, password change) or refused the token: fetch a fresh one next time. */
  forget(): void {
    this.#memory = undefined
  }
}
