import { authedFetch, fetchFailure, fetchOrThrow } from './authed-fetch.ts'
import { CsrfSource } from './csrf.ts'
import { AuthClientError, errorFromResponse, readJson } from './errors.ts'
import { documentCookies, pageOrigin, platformLocks } from './platform.ts'
import { RefreshCoordinator, type RefreshOutcome } from './refresh-coordinator.ts'
import { TabChannel, type TabMessage } from './tab-channel.ts'
import type { AuthClient, AuthClientOptions, SessionEndEvent, SessionInfo, User } from './types.ts'

/** The server's routes (README, "Endpoints"). */
const PATHS = {
  csrfToken: '/accounts/csrf_token/',
  login: '/accounts/auth/login/',
  refresh: '/accounts/auth/refresh_token/',
  token: '/accounts/auth/token/',
  tokenRefresh: '/accounts/auth/token/refresh/',
  logout: '/accounts/auth/logout/',
  logoutAll: '/accounts/auth/logout_all/',
  user: '/accounts/user/',
  sessions: '/accounts/sessions/',
  passwordChange: '/accounts/password/change/',
} as const

function defaultBaseUrl(): string {
  const origin = pageOrigin()
  if (origin === undefined)
    throw new TypeError('createAuthClient: baseUrl is required outside a browser page')
  return origin
}

function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

/** `{"access": "<jwt>"}` of the access-in-body endpoints. */
async function accessFrom(response: Response): Promise<string | undefined> {
  const body = await readJson(response)
  if (typeof body !== 'object' || body === null) return undefined
  const access = (body as Record<string, unknown>).access
  return typeof access === 'string' && access !== '' ? access : undefined
}

/**
 * A client for a Latchkey server, for a single-page app. It keeps no token a script could steal in cookie mode, and
 * only a short-lived access token in memory in memory mode; refreshes are single-flight across the browser's tabs.
 *
 * @example
 * const auth = createAuthClient({ baseUrl: 'https://api.example.com', mode: 'cookie', onSessionEnd: showLogin })
 * await auth.login('alice', 'correct horse battery staple')
 * const me = await auth.me()
 * const notes = await (await auth.fetch('/api/notes')).json()
 */
export function createAuthClient(options: AuthClientOptions = {}): AuthClient {
  const mode = options.mode ?? 'cookie'
  if (mode !== 'cookie' && mode !== 'memory')
    throw new TypeError(`createAuthClient: unknown mode '${String(mode)}'`)
  const base = new URL(options.baseUrl ?? defaultBaseUrl())
  const apiOrigin = base.origin
  // A server behind a path prefix keeps it: https://example.com/auth + /accounts/user/.
  const prefix = base.pathname.replace(/\/+$/, '')
  const endpoint = (path: string) => `${apiOrigin}${prefix}${path}`
  const rawFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request))
  const csrfHeaderName = options.csrfHeaderName ?? 'X-CSRFToken'
  const name = `latchkey:${mode}:${apiOrigin}${prefix}`

  let access: string | undefined
  // Whether this page believes a session exists: undefined until it learns either way (a fresh page load).
  let signedIn: boolean | undefined

  // Fires only for a session this page knew of: a fresh page whose old session is gone just gets 401s.
  const sessionEnded = (event: SessionEndEvent) => {
    access = undefined
    const knew = signedIn === true
    signedIn = false
    if (!knew) return
    const callback = options.onSessionEnd
    // Called outside the request's promise chain, so a throwing callback cannot break the client.
    if (callback !== undefined) queueMicrotask(() => callback(event))
  }

  const post = (request: Request) => fetchOrThrow({ fetch: rawFetch }, request)

  const csrf = new CsrfSource(
    options.readCookies ?? documentCookies,
    options.csrfCookieName ?? 'csrftoken',
    async () => {
      const response = await post(new Request(endpoint(PATHS.csrfToken), { credentials: 'include' }))
      if (!response.ok) throw await errorFromResponse(response)
      const body = await readJson(response)
      const token =
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>).token : undefined
      if (typeof token !== 'string')
        throw new AuthClientError('bad_response', response.status, 'No CSRF token.')
      return token
    },
  )

  const refreshNow = async (): Promise<RefreshOutcome> => {
    const path = mode === 'memory' ? PATHS.tokenRefresh : PATHS.refresh
    let response: Response
    const request = new Request(endpoint(path), { method: 'POST', credentials: 'include' })
    try {
      response = await rawFetch(request)
    } catch (cause) {
      return {
        ok: false,
        at: Date.now(),
        error: await fetchFailure({ fetch: rawFetch }, request, cause),
        final: false,
      }
    }
    if (response.ok) {
      const token = mode === 'memory' ? await accessFrom(response) : undefined
      if (mode === 'memory' && token === undefined) {
        const error = new AuthClientError('bad_response', response.status, 'No access token in the answer.')
        return { ok: false, at: Date.now(), error, final: false }
      }
      return { ok: true, at: Date.now(), access: token }
    }
    const error = await errorFromResponse(response)
    // 401 (expired, revoked, replayed, no cookie) and 403 permission_denied (no refresh cookie) are for good;
    // 429, 5xx and csrf_failed (a misconfigured origin) are not the session's fault.
    const final = response.status === 401 || error.code === 'permission_denied'
    return { ok: false, at: Date.now(), error, final }
  }

  const onOutcome = (outcome: RefreshOutcome) => {
    if (outcome.ok) {
      signedIn = true
      if (mode === 'memory') access = outcome.access
    } else if (outcome.final) sessionEnded({ reason: 'refresh_failed', error: outcome.error })
  }

  const channel = new TabChannel(name, options.broadcast ?? true, (message) => onTabMessage(message))
  const refresher = new RefreshCoordinator({
    refreshNow,
    locks: options.locks === null ? undefined : (options.locks ?? platformLocks()),
    lockName: name,
    broadcast: channel.available,
    post: (message) => channel.post(message),
    memory: mode === 'memory',
    onOutcome,
  })
  function onTabMessage(message: TabMessage): void {
    if (message.type === 'logged_out') {
      refresher.reset()
      sessionEnded({ reason: 'logged_out' })
    } else if (message.type === 'logged_in') {
      // Another tab opened a session, and the cookies are shared: this page is signed in too.
      refresher.reset()
      signedIn = true
    } else refresher.handle(message)
  }

  const deps = {
    fetch: rawFetch,
    csrf,
    csrfHeaderName,
    accessToken: () => (mode === 'memory' ? access : undefined),
    refresh: async (sentAt: number) => (await refresher.refreshSince(sentAt)).ok,
  }

  /** A call to one of Latchkey's own routes; non-2xx answers become typed errors. */
  const call = async (path: string, init: RequestInit = {}, refresh = true): Promise<Response> => {
    const request = new Request(endpoint(path), { ...init, credentials: 'include' })
    const response = await authedFetch(deps, request, { refresh })
    if (!response.ok) throw await errorFromResponse(response)
    return response
  }

  const announce = (type: 'logged_in' | 'logged_out') => channel.post({ type, id: name, at: Date.now() })

  const signedOut = () => {
    access = undefined
    signedIn = false
    refresher.reset()
    csrf.forget()
    announce('logged_out')
  }

  return {
    mode,

    async login(username, password) {
      const path = mode === 'memory' ? PATHS.token : PATHS.login
      // Login needs no CSRF token (the server refuses cross-site logins by Origin instead) and nothing to refresh.
      const response = await post(
        new Request(endpoint(path), { ...jsonInit('POST', { username, password }), credentials: 'include' }),
      )
      if (!response.ok) throw await errorFromResponse(response)
      if (mode === 'memory') {
        access = await accessFrom(response)
        if (access === undefined)
          throw new AuthClientError('bad_response', response.status, 'No access token in the answer.')
      }
      signedIn = true
      refresher.reset()
      // Django rotates the CSRF secret at login: a token fetched before it is void.
      csrf.forget()
      announce('logged_in')
    },

    async logout() {
      try {
        // No refresh first: logging out needs only the refresh cookie, and a 401 means there is no session left.
        await call(PATHS.logout, { method: 'POST' }, false)
      } catch (error) {
        if (!(error instanceof AuthClientError && error.status === 401)) throw error
      }
      signedOut()
    },

    async logoutAll() {
      await call(PATHS.logoutAll, { method: 'POST' })
      signedOut()
    },

    async me() {
      const user = (await (await call(PATHS.user)).json()) as User
      signedIn = true
      return user
    },

    async sessions() {
      const sessions = (await (await call(PATHS.sessions)).json()) as SessionInfo[]
      signedIn = true
      return sessions
    },

    async revokeSession(id) {
      await call(`${PATHS.sessions}${encodeURIComponent(id)}/`, { method: 'DELETE' })
    },

    async changePassword(oldPassword, newPassword) {
      await call(
        PATHS.passwordChange,
        jsonInit('POST', { old_password: oldPassword, new_password: newPassword }),
      )
      csrf.forget()
    },

    async fetch(input, init) {
      const url = typeof input === 'string' || input instanceof URL ? new URL(input, base.href) : undefined
      const request = new Request(url ?? (input as Request), init)
      // Credentials, CSRF and Bearer headers go to Latchkey's origin only, never to a third party.
      if (new URL(request.url).origin !== apiOrigin) return fetchOrThrow({ fetch: rawFetch }, request)
      return authedFetch(deps, new Request(request, { credentials: 'include' }))
    },

    close() {
      channel.close()
    },
  }
}
