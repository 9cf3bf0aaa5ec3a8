import { availableParallelism } from 'node:os'
import { isCookieDomain, isCookieName, isCookiePath, SAME_SITE_VALUES } from './cookies/cookie-attributes.ts'
import { parseDuration } from './duration.ts'
import type { SameSite } from './http.ts'
import { productionProblems } from './production-rules.ts'

export type {
  CookieOptions,
  CorsOptions,
  CsrfOptions,
  LatchkeyOptions,
  LimitRule,
  LoginLimitOptions,
  PasswordHashingOptions,
} from './option-types.ts'

import type { CookieOptions, LatchkeyOptions, LimitRule, PasswordHashingOptions } from './option-types.ts'

/** The validated, frozen settings every part of Latchkey reads. Durations are milliseconds. */
export interface Settings {
  readonly secretKey: string
  readonly production: boolean
  readonly accessTokenLifetimeMs: number
  readonly refreshTokenLifetimeMs: number
  readonly leewayMs: number
  readonly rotateRefreshTokens: boolean
  readonly refreshGraceWindowMs: number
  readonly revokedSessionRetentionMs: number
  readonly auditRetentionMs: number
  readonly cookies: Readonly<Required<CookieOptions>>
  readonly csrf: {
    readonly enabled: boolean
    readonly cookieName: string
    readonly cookieDomain: string | null
    readonly cookieSecure: boolean
    readonly cookieSameSite: SameSite
    readonly cookieMaxAgeMs: number
    readonly headerName: string
    readonly trustedOrigins: readonly string[]
  }
  readonly cors: {
    readonly allowedOrigins: readonly string[]
    readonly allowCredentials: boolean
    readonly maxAgeMs: number
  }
  readonly passwordHashing: Readonly<Required<PasswordHashingOptions>>
  readonly docs: boolean
  readonly demo: boolean
  readonly admin: boolean
  readonly allowedHosts: readonly string[]
  readonly loginLimits: { readonly userAndIp: LimitRule; readonly user: LimitRule; readonly ip: LimitRule }
  readonly keyActivationDelayMs: number
  readonly userCacheTtlMs: number
  /** 0 when there is no idle timeout. */
  readonly sessionIdleTimeoutMs: number
  readonly maxSessionsPerUser: number
  /** Epoch milliseconds the Django cutover window ends, or null when it is off. */
  readonly acceptLegacyTokensUntilMs: number | null
}

/** The reference's values. */
export const DEFAULTS = {
  accessTokenLifetime: '15m',
  refreshTokenLifetime: '30d',
  leeway: '0s',
  rotateRefreshTokens: true,
  refreshGraceWindow: '10s',
  revokedSessionRetention: '30d',
  auditRetention: '90d',
  cookies: {
    accessName: 'access_token',
    refreshName: 'refresh_token',
    domain: null,
    secure: false,
    httpOnly: true,
    sameSite: 'Lax',
    accessPath: '/',
    refreshPath: '/accounts/auth/',
  },
  csrf: {
    enabled: true,
    cookieName: 'csrftoken',
    cookieDomain: null,
    cookieSecure: false,
    cookieSameSite: 'Lax',
    // Django's CSRF_COOKIE_AGE: 31449600 seconds (52 weeks).
    cookieMaxAge: '364d',
    headerName: 'X-CSRFToken',
    trustedOrigins: [],
  },
  cors: { allowedOrigins: [], allowCredentials: true, maxAge: '1d' },
  // OWASP Password Storage Cheat Sheet, argon2id first row.
  passwordHashing: {
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
    concurrency: Math.max(1, availableParallelism() - 1),
  },
  loginLimits: { perUserAndIp: '5/1m', perUser: '100/1h', perIp: '50/5m' },
  keyActivationDelay: '30s',
  userCacheTtl: '1s',
  sessionIdleTimeout: '0s',
  maxSessionsPerUser: 100,
} as const

/**
 * Thrown by resolveOptions with every problem found, each naming the setting to fix.
 *
 * @example
 * try { resolveOptions({}) } catch (error) { if (error instanceof ConfigError) console.error(error.problems) }
 */
export class ConfigError extends Error {
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`Invalid Latchkey configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

const ORIGIN = /^https?:\/\/[^/\s:]+(:\d{1,5})?$/

/** An ISO 8601 date with a time zone (or a plain date, read as UTC midnight); anything else is a problem. */
function legacyWindowEnd(value: string | undefined, problems: string[]): number | null {
  if (value === undefined) return null
  const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)
    ? Date.parse(value)
    : Number.NaN
  if (Number.isNaN(ms))
    problems.push(
      `acceptLegacyTokensUntil: '${value}' is not an ISO 8601 date such as '2026-12-01T00:00:00Z'`,
    )
  return Number.isNaN(ms) ? null : ms
}

/**
 * Validates and freezes options. Throws ConfigError listing every problem at once.
 *
 * @example
 * const settings = resolveOptions({ secretKey: 'a long random secret', accessTokenLifetime: '5m' })
 * settings.accessTokenLifetimeMs // 300000
 */
export function resolveOptions(options: LatchkeyOptions): Settings {
  const problems: string[] = []
  const duration = (name: string, value: string, allowZero: boolean): number => {
    const ms = parseDuration(value)
    if (ms === undefined) problems.push(`${name}: '${value}' is not a duration such as '15m', '30d' or '10s'`)
    else if (!allowZero && ms === 0) problems.push(`${name}: must be longer than zero`)
    return ms ?? 0
  }
  const limit = (name: string, value: string): LimitRule => {
    const [count, window] = value.split('/')
    const failures = Number(count)
    const windowMs = parseDuration(window ?? '')
    if (!Number.isInteger(failures) || failures < 1 || windowMs === undefined || windowMs === 0) {
      problems.push(`${name}: '${value}' is not a limit such as '5/1m' (failures per window)`)
      return { failures: 1, windowMs: 1 }
    }
    return { failures, windowMs }
  }
  const limits = { ...DEFAULTS.loginLimits, ...options.loginLimits }
  const production = options.production ?? false
  const secretKey = options.secretKey ?? ''
  if (secretKey === '') problems.push('secretKey: set a secret key (LATCHKEY_SECRET_KEY)')

  const cookies = { ...DEFAULTS.cookies, ...options.cookies }
  const csrf = { ...DEFAULTS.csrf, ...options.csrf }
  const cors = { ...DEFAULTS.cors, ...options.cors }
  const hashing = { ...DEFAULTS.passwordHashing, ...options.passwordHashing }

  for (const [name, value] of [
    ['cookies.accessName', cookies.accessName],
    ['cookies.refreshName', cookies.refreshName],
    ['csrf.cookieName', csrf.cookieName],
  ] as const) {
    if (!isCookieName(value)) problems.push(`${name}: '${value}' is not a valid cookie name`)
  }
  if (new Set([cookies.accessName, cookies.refreshName, csrf.cookieName]).size !== 3)
    problems.push('cookies.accessName, cookies.refreshName and csrf.cookieName must all differ')
  for (const [name, value] of [
    ['cookies.sameSite', cookies.sameSite],
    ['csrf.cookieSameSite', csrf.cookieSameSite],
  ] as const) {
    if (!SAME_SITE_VALUES.includes(value)) problems.push(`${name}: must be 'Lax', 'Strict' or 'None'`)
  }
  // Browsers drop a SameSite=None cookie that is not Secure (RFC 6265bis §5.6.7, step 18).
  if (cookies.sameSite === 'None' && !cookies.secure)
    problems.push("cookies.sameSite: 'None' needs cookies.secure: true (browsers drop it otherwise)")
  if (csrf.cookieSameSite === 'None' && !csrf.cookieSecure)
    problems.push("csrf.cookieSameSite: 'None' needs csrf.cookieSecure: true (browsers drop it otherwise)")
  for (const [name, path] of [
    ['cookies.accessPath', cookies.accessPath],
    ['cookies.refreshPath', cookies.refreshPath],
  ] as const) {
    if (!isCookiePath(path))
      problems.push(`${name}: '${path}' must start with '/' and hold no ';', space or control`)
  }
  // Written raw into Set-Cookie: a ';' or a space would add attributes of the writer's choosing.
  for (const [name, domain] of [
    ['cookies.domain', cookies.domain],
    ['csrf.cookieDomain', csrf.cookieDomain],
  ] as const) {
    if (domain !== null && !isCookieDomain(domain))
      problems.push(
        `${name}: '${domain}' is not a host name such as 'example.com' (no ';', space, scheme or port)`,
      )
  }
  if (!/^[A-Za-z0-9-]+$/.test(csrf.headerName)) problems.push('csrf.headerName: must be an HTTP header name')
  for (const [name, list] of [
    ['csrf.trustedOrigins', csrf.trustedOrigins],
    ['cors.allowedOrigins', cors.allowedOrigins],
  ] as const) {
    for (const origin of list) {
      if (!ORIGIN.test(origin))
        problems.push(
          `${name}: '${origin}' is not an origin such as 'https://app.example.com' (no path, no '*')`,
        )
    }
  }
  for (const [name, value, min] of [
    ['passwordHashing.memoryCost', hashing.memoryCost, 1024],
    ['passwordHashing.timeCost', hashing.timeCost, 1],
    ['passwordHashing.parallelism', hashing.parallelism, 1],
    ['passwordHashing.concurrency', hashing.concurrency, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min)
      problems.push(`${name}: must be an integer of at least ${min}`)
  }
  if (production)
    problems.push(
      ...productionProblems({ secretKey, cookies, csrf, allowedHosts: options.allowedHosts ?? [] }),
    )

  const settings: Settings = {
    secretKey,
    production,
    accessTokenLifetimeMs: duration(
      'accessTokenLifetime',
      options.accessTokenLifetime ?? DEFAULTS.accessTokenLifetime,
      false,
    ),
    refreshTokenLifetimeMs: duration(
      'refreshTokenLifetime',
      options.refreshTokenLifetime ?? DEFAULTS.refreshTokenLifetime,
      false,
    ),
    leewayMs: duration('leeway', options.leeway ?? DEFAULTS.leeway, true),
    rotateRefreshTokens: options.rotateRefreshTokens ?? DEFAULTS.rotateRefreshTokens,
    refreshGraceWindowMs: duration(
      'refreshGraceWindow',
      options.refreshGraceWindow ?? DEFAULTS.refreshGraceWindow,
      true,
    ),
    revokedSessionRetentionMs: duration(
      'revokedSessionRetention',
      options.revokedSessionRetention ?? DEFAULTS.revokedSessionRetention,
      true,
    ),
    auditRetentionMs: duration('auditRetention', options.auditRetention ?? DEFAULTS.auditRetention, true),
    cookies: Object.freeze(cookies),
    csrf: Object.freeze({
      enabled: csrf.enabled,
      cookieName: csrf.cookieName,
      cookieDomain: csrf.cookieDomain,
      cookieSecure: csrf.cookieSecure,
      cookieSameSite: csrf.cookieSameSite,
      cookieMaxAgeMs: duration('csrf.cookieMaxAge', csrf.cookieMaxAge, false),
      headerName: csrf.headerName,
      trustedOrigins: Object.freeze([...csrf.trustedOrigins]),
    }),
    cors: Object.freeze({
      allowedOrigins: Object.freeze([...cors.allowedOrigins]),
      allowCredentials: cors.allowCredentials,
      maxAgeMs: duration('cors.maxAge', cors.maxAge, true),
    }),
    passwordHashing: Object.freeze(hashing),
    docs: options.docs ?? !production,
    demo: options.demo ?? !production,
    admin: options.admin ?? true,
    allowedHosts: Object.freeze([...(options.allowedHosts ?? [])].map((h) => h.toLowerCase())),
    userCacheTtlMs: duration('userCacheTtl', options.userCacheTtl ?? DEFAULTS.userCacheTtl, true),
    sessionIdleTimeoutMs: duration(
      'sessionIdleTimeout',
      options.sessionIdleTimeout ?? DEFAULTS.sessionIdleTimeout,
      true,
    ),
    maxSessionsPerUser: options.maxSessionsPerUser ?? DEFAULTS.maxSessionsPerUser,
    acceptLegacyTokensUntilMs: legacyWindowEnd(options.acceptLegacyTokensUntil, problems),
    keyActivationDelayMs: duration(
      'keyActivationDelay',
      options.keyActivationDelay ?? DEFAULTS.keyActivationDelay,
      false,
    ),
    loginLimits: Object.freeze({
      userAndIp: limit('loginLimits.perUserAndIp', limits.perUserAndIp),
      user: limit('loginLimits.perUser', limits.perUser),
      ip: limit('loginLimits.perIp', limits.perIp),
    }),
  }
  if (settings.accessTokenLifetimeMs % 1000 !== 0 || settings.refreshTokenLifetimeMs % 1000 !== 0)
    problems.push(
      'accessTokenLifetime and refreshTokenLifetime: must be whole seconds (JWT times are seconds)',
    )
  if (settings.accessTokenLifetimeMs > 0 && settings.accessTokenLifetimeMs >= settings.refreshTokenLifetimeMs)
    problems.push(
      'accessTokenLifetime: must be shorter than refreshTokenLifetime (an access token would outlive its session)',
    )
  if (!Number.isSafeInteger(settings.maxSessionsPerUser) || settings.maxSessionsPerUser < 1)
    problems.push('maxSessionsPerUser: must be an integer of at least 1')
  if (settings.refreshGraceWindowMs > 300_000)
    problems.push('refreshGraceWindow: at most 5m (a longer window lets a stolen token ride along)')
  if (problems.length > 0) throw new ConfigError(problems)
  return Object.freeze(settings)
}
