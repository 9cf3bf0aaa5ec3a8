import { isIP } from 'node:net'
import { isCookieDomain, SAME_SITE_VALUES } from '../core/cookies/cookie-attributes.ts'
import { parseDuration } from '../core/duration.ts'
import type { LatchkeyOptions } from '../core/options.ts'
import type { ServerLimits } from './server-limits.ts'
import type { TrustProxy } from './trust-proxy.ts'

/** The server's configuration while the variables are read; `configFromEnv` checks and freezes it. */
export interface ConfigDraft {
  host: string
  port: number
  databaseUrl: string
  redisUrl: string | undefined
  trustProxy: TrustProxy
  logLevel: string
  shutdownDrainMs: number
  /** How long start-up keeps retrying an unreachable database before giving up. */
  dbConnectTimeoutMs: number
  /** Server processes sharing the port; unset means the default (the CPUs in production, 1 otherwise). */
  workers: number | undefined
  databaseTimeoutMs: number
  databaseAcquireTimeoutMs: number
  healthTimeoutMs: number
  /** Timeouts and the connection cap. */
  limits: { -readonly [K in keyof ServerLimits]: ServerLimits[K] }
  readonly options: LatchkeyOptions
  /** LATCHKEY_SUPERUSER_*: the first superuser `serve` and `migrate` create when no user has that name. */
  readonly superuser: { username?: string; password?: string; email?: string }
}

/**
 * One environment variable: its name, the form it accepts (quoted in every problem about it), the library option it
 * feeds (so the option's own problems are reported under the variable's name), and how a set, non-empty value is
 * read. `read` returns false when the value is not of the form.
 */
export interface EnvVariable {
  readonly name: string
  readonly form: string
  readonly option?: string
  /** Never echo the value in a problem (it may hold a secret or a password). */
  readonly secret?: boolean
  readonly read: (value: string, draft: ConfigDraft) => boolean
}

/** Sets a dotted option path (`cookies.secure`) on the options object, creating the nested object as needed. */
function setOption(options: LatchkeyOptions, path: string, value: unknown): void {
  const keys = path.split('.')
  let target = options as Record<string, unknown>
  for (const key of keys.slice(0, -1)) {
    const next = (target[key] ?? {}) as Record<string, unknown>
    target[key] = next
    target = next
  }
  target[keys.at(-1) as string] = value
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

const TRUE = /^(true|1|yes|on)$/i
const FALSE = /^(false|0|no|off)$/i
const ORIGIN = /^https?:\/\/[^/\s:@]+(:\d{1,5})?$/
/** A host name (labels) or an IP address, optionally `:port`, or a leading-dot pattern: never a URL. */
const HOST_PATTERN = /^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i
const IPV6_HOST = /^\[[0-9a-f:.]+\](:\d{1,5})?$/i
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function isCidrOrAddress(entry: string): boolean {
  const [address, bits, extra] = entry.split('/')
  if (extra !== undefined || address === undefined) return false
  const family = isIP(address)
  if (family === 0) return false
  if (bits === undefined) return true
  const n = Number(bits)
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128)
}

/**
 * `true`/`false` (also 1/0, yes/no, on/off) onto an option.
 *
 * @example boolean('LATCHKEY_DOCS', 'docs')
 */
export function boolean(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "'true' or 'false'",
    read: (value, draft) => {
      if (!TRUE.test(value) && !FALSE.test(value)) return false
      setOption(draft.options, option, TRUE.test(value))
      return true
    },
  }
}

/**
 * A duration with a unit onto a library option (checked again, with its bounds, by `resolveOptions`).
 *
 * @example duration('LATCHKEY_LEEWAY', 'leeway', '0s')
 */
export function duration(name: string, option: string, example: string): EnvVariable {
  return {
    name,
    option,
    form: `a duration such as '${example}' (a whole number and one of ms, s, m, h, d)`,
    read: (value, draft) => {
      if (parseDuration(value) === undefined) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}

/**
 * A duration the server itself uses, in milliseconds.
 *
 * @example serverDuration('LATCHKEY_SHUTDOWN_DRAIN', '1s', (draft, ms) => { draft.shutdownDrainMs = ms })
 */
export function serverDuration(
  name: string,
  example: string,
  set: (draft: ConfigDraft, ms: number) => void,
  allowZero = true,
): EnvVariable {
  return {
    name,
    form: `a duration such as '${example}' (a whole number and one of ms, s, m, h, d${allowZero ? '' : '; above zero'})`,
    read: (value, draft) => {
      const ms = parseDuration(value)
      if (ms === undefined || (!allowZero && ms === 0)) return false
      set(draft, ms)
      return true
    },
  }
}

export function origins(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "comma-separated origins such as 'https://app.example.com' (scheme, host and port only)",
    read: (value, draft) => {
      const entries = list(value)
      // Django's CSRF_TRUSTED_ORIGINS accepts one leading wildcard label; CORS lists never do.
      const wildcard = option === 'csrf.trustedOrigins'
      if (!entries.every((e) => ORIGIN.test(wildcard ? e.replace('://*.', '://') : e))) return false
      setOption(draft.options, option, entries)
      return true
    },
  }
}

export function limit(name: string, option: string, example: string): EnvVariable {
  return {
    name,
    option,
    form: `a limit such as '${example}' (failures per window)`,
    read: (value, draft) => {
      const [count, window, extra] = value.split('/')
      const ms = parseDuration(window ?? '')
      if (extra !== undefined || !/^\d+$/.test(count ?? '') || Number(count) < 1 || !ms) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}

export function sameSite(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "'Lax', 'Strict' or 'None'",
    read: (value, draft) => {
      if (!SAME_SITE_VALUES.includes(value)) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}

export function cookieDomain(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "a host name such as 'example.com' (no scheme, port, ';' or space)",
    read: (value, draft) => {
      if (!isCookieDomain(value)) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}

/**
 * Every variable the server reads. To add one, add one entry here (the helpers above cover the usual forms);
 * `configFromEnv` then validates it, names it in problems, and stops calling it unknown.
 */
export const ENV_VARIABLES: readonly EnvVariable[] = [
  {
    name: 'NODE_ENV',
    form: "'development', 'production' or 'test'",
    read: (value, draft) => {
      if (!['development', 'production', 'test'].includes(value)) return false
      draft.options.production = value === 'production'
      return true
    },
  },
  {
    name: 'LATCHKEY_SECRET_KEY',
    option: 'secretKey',
    secret: true,
    form: 'a long random string (production: 256 bits of entropy, e.g. openssl rand -base64 48)',
    read: (value, draft) => {
      draft.options.secretKey = value
      return true
    },
  },
  {
    name: 'LATCHKEY_HOST',
    form: "an IP address or host name to listen on, such as '127.0.0.1', '0.0.0.0' or '::'",
    read: (value, draft) => {
      if (isIP(value) === 0 && !HOST_PATTERN.test(value)) return false
      draft.host = value
      return true
    },
  },
  {
    name: 'LATCHKEY_PORT',
    form: 'a port number from 0 to 65535',
    read: (value, draft) => {
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) return false
      draft.port = Number(value)
      return true
    },
  },
  {
    name: 'LATCHKEY_ALLOWED_HOSTS',
    option: 'allowedHosts',
    form: "comma-separated host names such as 'api.example.com' or '.example.com' (optionally ':port'; not URLs)",
    read: (value, draft) => {
      const hosts = list(value)
      if (!hosts.every((h) => HOST_PATTERN.test(h) || IPV6_HOST.test(h))) return false
      draft.options.allowedHosts = hosts
      return true
    },
  },
  {
    name: 'LATCHKEY_DATABASE_URL',
    secret: true,
    form: "'sqlite:<path>' or 'postgres://user@host:port/database'",
    read: (value, draft) => {
      if (value.startsWith('sqlite:') && value.length > 'sqlite:'.length) draft.databaseUrl = value
      else if (/^postgres(ql)?:\/\//.test(value) && URL.canParse(value)) draft.databaseUrl = value
      else return false
      return true
    },
  },
  serverDuration('LATCHKEY_DB_CONNECT_TIMEOUT', '30s', (draft, ms) => {
    draft.dbConnectTimeoutMs = ms
  }),
  serverDuration(
    'LATCHKEY_DATABASE_TIMEOUT',
    '2s',
    (draft, ms) => {
      draft.databaseTimeoutMs = ms
    },
    false,
  ),
  serverDuration(
    'LATCHKEY_DATABASE_ACQUIRE_TIMEOUT',
    '2s',
    (draft, ms) => {
      draft.databaseAcquireTimeoutMs = ms
    },
    false,
  ),
  serverDuration(
    'LATCHKEY_HEALTH_TIMEOUT',
    '2s',
    (draft, ms) => {
      draft.healthTimeoutMs = ms
    },
    false,
  ),
  duration('LATCHKEY_ACCESS_TOKEN_LIFETIME', 'accessTokenLifetime', '15m'),
  duration('LATCHKEY_REFRESH_TOKEN_LIFETIME', 'refreshTokenLifetime', '30d'),
  duration('LATCHKEY_LEEWAY', 'leeway', '0s'),
  boolean('LATCHKEY_ROTATE_REFRESH_TOKENS', 'rotateRefreshTokens'),
  duration('LATCHKEY_REFRESH_GRACE_WINDOW', 'refreshGraceWindow', '10s'),
  boolean('LATCHKEY_COOKIE_SECURE', 'cookies.secure'),
  cookieDomain('LATCHKEY_COOKIE_DOMAIN', 'cookies.domain'),
  sameSite('LATCHKEY_COOKIE_SAMESITE', 'cookies.sameSite'),
  boolean('LATCHKEY_CSRF_COOKIE_SECURE', 'csrf.cookieSecure'),
  cookieDomain('LATCHKEY_CSRF_COOKIE_DOMAIN', 'csrf.cookieDomain'),
  sameSite('LATCHKEY_CSRF_COOKIE_SAMESITE', 'csrf.cookieSameSite'),
  origins('LATCHKEY_CSRF_TRUSTED_ORIGINS', 'csrf.trustedOrigins'),
  origins('LATCHKEY_CORS_ALLOWED_ORIGINS', 'cors.allowedOrigins'),
  {
    name: 'LATCHKEY_TRUST_PROXY',
    form: "'false', the number of proxies in front of the server such as '1', or comma-separated proxy addresses or CIDRs such as '10.0.0.0/8' (not 'true': say how many, so a client cannot choose its address)",
    read: (value, draft) => {
      if (FALSE.test(value)) {
        draft.trustProxy = false
        return true
      }
      if (/^\d{1,2}$/.test(value)) {
        draft.trustProxy = Number(value) === 0 ? false : Number(value)
        return true
      }
      const proxies = list(value)
      if (proxies.length === 0 || !proxies.every(isCidrOrAddress)) return false
      draft.trustProxy = proxies
      return true
    },
  },
  {
    name: 'LATCHKEY_REDIS_URL',
    secret: true,
    form: "'redis://host:6379' or 'rediss://host:6380'",
    read: (value, draft) => {
      if (!/^rediss?:\/\//.test(value) || !URL.canParse(value)) return false
      draft.redisUrl = value
      return true
    },
  },
  limit('LATCHKEY_LOGIN_LIMIT_USER_IP', 'loginLimits.perUserAndIp', '5/1m'),
  limit('LATCHKEY_LOGIN_LIMIT_USER', 'loginLimits.perUser', '100/1h'),
  limit('LATCHKEY_LOGIN_LIMIT_IP', 'loginLimits.perIp', '50/5m'),
  duration('LATCHKEY_KEY_ACTIVATION_DELAY', 'keyActivationDelay', '30s'),
  serverDuration('LATCHKEY_SHUTDOWN_DRAIN', '1s', (draft, ms) => {
    draft.shutdownDrainMs = ms
  }),
  {
    name: 'LATCHKEY_WORKERS',
    form: 'a whole number of server processes, 1 or more',
    read: (value, draft) => {
      if (!/^[1-9][0-9]*$/.test(value)) return false
      draft.workers = Number(value)
      return true
    },
  },
  duration('LATCHKEY_USER_CACHE_TTL', 'userCacheTtl', '1s'),
  duration('LATCHKEY_SESSION_IDLE_TIMEOUT', 'sessionIdleTimeout', '7d'),
  {
    name: 'LATCHKEY_MAX_SESSIONS_PER_USER',
    option: 'maxSessionsPerUser',
    form: 'a whole number of at least 1, such as 100',
    read: (value, draft) => {
      if (!/^[1-9][0-9]{0,8}$/.test(value)) return false
      draft.options.maxSessionsPerUser = Number(value)
      return true
    },
  },
  {
    name: 'LATCHKEY_ACCEPT_LEGACY_TOKENS_UNTIL',
    option: 'acceptLegacyTokensUntil',
    form: "an ISO 8601 date such as '2026-12-01T00:00:00Z'",
    read: (value, draft) => {
      draft.options.acceptLegacyTokensUntil = value
      return true
    },
  },
  serverDuration('LATCHKEY_REQUEST_TIMEOUT', '30s', (draft, ms) => {
    draft.limits.requestTimeoutMs = ms
  }),
  serverDuration('LATCHKEY_HEADERS_TIMEOUT', '10s', (draft, ms) => {
    draft.limits.headersTimeoutMs = ms
  }),
  serverDuration('LATCHKEY_KEEP_ALIVE_TIMEOUT', '72s', (draft, ms) => {
    draft.limits.keepAliveTimeoutMs = ms
  }),
  {
    name: 'LATCHKEY_MAX_CONNECTIONS',
    form: "a whole number of connections such as '4096'",
    read: (value, draft) => {
      if (!/^\d{1,9}$/.test(value)) return false
      draft.limits.maxConnections = Number(value)
      return true
    },
  },
  boolean('LATCHKEY_DOCS', 'docs'),
  boolean('LATCHKEY_DEMO', 'demo'),
  boolean('LATCHKEY_ADMIN', 'admin'),
  duration('LATCHKEY_AUDIT_RETENTION', 'auditRetention', '90d'),
  {
    name: 'LATCHKEY_SUPERUSER_USERNAME',
    form: 'a username (letters, digits and @/./+/-/_, at most 150)',
    read: (value, draft) => {
      draft.superuser.username = value
      return true
    },
  },
  {
    name: 'LATCHKEY_SUPERUSER_PASSWORD',
    secret: true,
    form: 'a password',
    read: (value, draft) => {
      draft.superuser.password = value
      return true
    },
  },
  {
    name: 'LATCHKEY_SUPERUSER_EMAIL',
    form: 'an email address',
    read: (value, draft) => {
      draft.superuser.email = value
      return true
    },
  },
  {
    name: 'LATCHKEY_LOG_LEVEL',
    form: `one of ${LOG_LEVELS.map((l) => `'${l}'`).join(', ')}`,
    read: (value, draft) => {
      if (!LOG_LEVELS.includes(value)) return false
      draft.logLevel = value
      return true
    },
  },
]

/**
 * `LATCHKEY_` names the server does not read but its own tooling does (the browser tests' Chromium path), so a
 * shell that exports them can still start the server.
 */
export const TOOLING_VARIABLES: readonly string[] = ['LATCHKEY_CHROMIUM']
