import { isIP } from 'node:net'
import {
  boolean,
  cookieDomain,
  duration,
  type EnvVariable,
  FALSE,
  HOST_PATTERN,
  IPV6_HOST,
  isCidrOrAddress,
  LOG_LEVELS,
  limit,
  list,
  origins,
  sameSite,
  serverDuration,
} from './env-forms.ts'

/**
 * Every variable the server reads. To add one, add one entry here (the forms in env-forms.ts cover the usual ones);
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
