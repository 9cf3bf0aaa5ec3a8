import type { AuthClientError } from './errors.ts'
import type { LockManagerLike } from './platform.ts'

/**
 * `cookie`: both tokens live in HttpOnly cookies; the client only adds the CSRF header.
 * `memory`: the access-in-body variant; the access token lives in this page's memory and goes out as a Bearer
 * header, the refresh token stays in its HttpOnly cookie.
 */
export type AuthMode = 'cookie' | 'memory'

/** `GET /accounts/user/`. */
export interface User {
  readonly id: number
  readonly username: string
  readonly first_name: string
  readonly last_name: string
}

/** One entry of `GET /accounts/sessions/`; `current` marks the session of this browser. */
export interface SessionInfo {
  readonly id: string
  readonly created: string
  readonly last_used: string
  readonly expires: string
  readonly user_agent: string
  readonly ip: string
  readonly current: boolean
}

/**
 * Why the session ended without this page asking: `refresh_failed` when a refresh was refused for good (expired,
 * revoked, replayed, user deactivated), here or in another tab; `logged_out` when another tab logged out.
 */
export interface SessionEndEvent {
  readonly reason: 'refresh_failed' | 'logged_out'
  readonly error?: AuthClientError
}

/** What `createAuthClient` takes; every member is optional. */
export interface AuthClientOptions {
  /** Where Latchkey is, e.g. `https://api.example.com`; the page's own origin when omitted. */
  readonly baseUrl?: string
  /** `cookie` (the default) or `memory`. */
  readonly mode?: AuthMode
  /**
   * Called once when a session this page knew of (it logged in, or a call or refresh succeeded) ends without this
   * page asking (see {@link SessionEndEvent}); a fresh page whose old session is gone just gets 401 errors.
   */
  readonly onSessionEnd?: (event: SessionEndEvent) => void
  /** Name of the CSRF cookie (the server's `csrf.cookieName`). */
  readonly csrfCookieName?: string
  /** Name of the CSRF header (the server's `csrf.headerName`). */
  readonly csrfHeaderName?: string
  /** The fetch to use; the global one by default. Tests and non-browser runtimes pass their own. */
  readonly fetch?: (request: Request) => Promise<Response>
  /** Reads the page's cookies as `document.cookie` does (only the non-HttpOnly ones); that by default. */
  readonly readCookies?: () => string
  /** The Web Locks manager; `navigator.locks` by default. `null` forces the BroadcastChannel fallback. */
  readonly locks?: LockManagerLike | null
  /** Whether to coordinate with other tabs over BroadcastChannel (default: when the runtime has it). */
  readonly broadcast?: boolean
}

/** The client `createAuthClient` returns: login, logout, the user, sessions, and an authenticated `fetch`. */
export interface AuthClient {
  readonly mode: AuthMode
  /** Logs in; afterwards `me()` and every `fetch` are authenticated. Throws `authentication_failed` on bad credentials. */
  login(username: string, password: string): Promise<void>
  /** Ends this browser's session (other tabs get `onSessionEnd`). Succeeds when it had already ended. */
  logout(): Promise<void>
  /** Ends every session of the user, on every device. */
  logoutAll(): Promise<void>
  me(): Promise<User>
  sessions(): Promise<SessionInfo[]>
  revokeSession(id: string): Promise<void>
  /** Throws `invalid` with `fields.old_password` or `fields.new_password` when the server refuses. */
  changePassword(oldPassword: string, newPassword: string): Promise<void>
  /**
   * `fetch` for the app's own API on the same origin as `baseUrl` (relative URLs resolve against it): sends
   * credentials, adds the CSRF header to unsafe methods and (memory mode) the Bearer header, and on a 401 for an
   * expired or missing access token refreshes once and retries once. Other origins get a plain fetch.
   * Returns the Response as fetch does; throws `network_error` when none arrived.
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>
  /** Stops listening to other tabs. */
  close(): void
}
