/** What a deployment passes to Latchkey: `resolveOptions` (options.ts) validates it into `Settings`. */
import type { SameSite } from './http.ts'

/**
 * Everything a Latchkey deployment can set. Every member is optional; the defaults are the reference's settings
 * (SimpleJWT + the drf-jwt-httponly-cookie `SIMPLE_JWT` block + Django's CSRF defaults), except where the README's
 * "Deliberate differences" say otherwise. Durations are strings with a unit (`'15m'`, `'30d'`, `'10s'`).
 *
 * @example
 * const settings = resolveOptions({ secretKey: process.env.SECRET!, accessTokenLifetime: '5m' })
 */
export interface LatchkeyOptions {
  /** HMAC key for HS256 tokens (Django's SECRET_KEY). Production needs an estimated 256 bits of entropy. */
  secretKey?: string
  /**
   * Refuses unsafe combinations at start-up: a missing or guessable secret, cookies without Secure or HttpOnly,
   * CSRF protection off.
   */
  production?: boolean
  accessTokenLifetime?: string
  refreshTokenLifetime?: string
  /** Clock skew allowed when checking `exp`. */
  leeway?: string
  /** Issue a new refresh token on every refresh (on by default; false restores the reference's behaviour). */
  rotateRefreshTokens?: boolean
  /** How long a just-rotated refresh token still answers with its successor instead of counting as a replay. */
  refreshGraceWindow?: string
  /** How long revoked sessions are kept (for the session list and audits) before `flush-expired` removes them. */
  revokedSessionRetention?: string
  /** How long audit-log entries are kept before `flush-expired` removes them. */
  auditRetention?: string
  cookies?: CookieOptions
  csrf?: CsrfOptions
  cors?: CorsOptions
  passwordHashing?: PasswordHashingOptions
  /** Serve `/docs/` (the OpenAPI UI). Defaults to on outside production. */
  docs?: boolean
  /** Serve the demo app at `/`. Defaults to on outside production. */
  demo?: boolean
  /** Serve the admin page at `/admin/` (staff log in there). On by default. */
  admin?: boolean
  /**
   * Host names (optionally with `:port`) this server answers for, as Django's ALLOWED_HOSTS; any other `Host` gets
   * 400 before anything else happens. Empty (the default) accepts any host outside production; production refuses
   * to start without it, since the CSRF Origin check compares against the Host header. A leading dot allows
   * subdomains (`.example.com`).
   */
  allowedHosts?: readonly string[]
  /** Brute-force limits on password checks, each `'<failures>/<window>'`, e.g. `'5/1m'`. */
  loginLimits?: LoginLimitOptions
  /**
   * How long a rotated-in signing key only verifies before it signs, so every instance has loaded it first
   * (instances reload keys every third of this).
   */
  keyActivationDelay?: string
  /**
   * How long an authenticated request may use a user record read by an earlier one (default `'1s'`; `'0s'` reads
   * the database on every request, as the reference does). Latchkey's own changes apply at once regardless.
   */
  userCacheTtl?: string
  /**
   * A session not refreshed within this long is over: its refresh token is refused and it is no longer listed
   * (ASVS 5.0 7.3.1). `'0s'`, the default, turns the idle timeout off; e.g. `'7d'`.
   */
  sessionIdleTimeout?: string
  /** Live sessions one user may hold (default 100); a login beyond it revokes the user's oldest live session. */
  maxSessionsPerUser?: number
  /**
   * End of a Django cutover window, as an ISO 8601 date (`'2026-12-01T00:00:00Z'`): until then, access tokens
   * without `sid` (minted by a SimpleJWT backend sharing the key) are accepted until they expire. Off by default.
   */
  acceptLegacyTokensUntil?: string
}

export interface LoginLimitOptions {
  /** Per username and client IP (default `'5/1m'`). */
  perUserAndIp?: string
  /** Per username from any address (default `'100/1h'`, ASVS 2.2.1's ceiling). */
  perUser?: string
  /** Per client IP over all usernames (default `'50/5m'`): credential stuffing and spraying. */
  perIp?: string
}

export interface LimitRule {
  readonly failures: number
  readonly windowMs: number
}

export interface CookieOptions {
  accessName?: string
  refreshName?: string
  /** Domain attribute for both auth cookies; null (the default) sends none, so the cookie is host-only. */
  domain?: string | null
  secure?: boolean
  httpOnly?: boolean
  sameSite?: SameSite
  accessPath?: string
  /** The refresh cookie is only sent under this path: the refresh, logout and login routes. */
  refreshPath?: string
}

export interface CsrfOptions {
  /** Require Django's CSRF token when a cookie authenticates an unsafe request (AUTH_COOKIE_USE_CSRF). */
  enabled?: boolean
  cookieName?: string
  cookieDomain?: string | null
  cookieSecure?: boolean
  cookieSameSite?: SameSite
  cookieMaxAge?: string
  /** Header that carries the token (Django's CSRF_HEADER_NAME, as the HTTP name). */
  headerName?: string
  /** Origins (`scheme://host[:port]`) that may send unsafe requests besides the server's own. */
  trustedOrigins?: readonly string[]
}

export interface CorsOptions {
  /** Origins whose scripts may read responses, with credentials (django-cors-headers' CORS_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[]
  allowCredentials?: boolean
  /** Preflight cache lifetime. */
  maxAge?: string
}

export interface PasswordHashingOptions {
  /** argon2id memory in KiB (OWASP: 19456). */
  memoryCost?: number
  timeCost?: number
  parallelism?: number
  /**
   * How many hashes may run at once. Default: one less than the CPUs (at least one), so a login storm never takes
   * the core the event loop runs on, and authenticated requests stay fast while it lasts.
   */
  concurrency?: number
}
