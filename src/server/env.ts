import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { parseDuration } from '../core/duration.ts'
import { ConfigError, type LatchkeyOptions } from '../core/options.ts'

/** What the deployable server needs beyond the library's options. */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  readonly databaseUrl: string
  /** Redis for revocation fan-out and shared rate limits; absent on a single instance. */
  readonly redisUrl: string | undefined
  readonly trustProxy: boolean | readonly string[]
  readonly logLevel: string
  /** After SIGTERM, how long to keep serving while readiness reports 503, before closing the listener. */
  readonly shutdownDrainMs: number
  readonly options: LatchkeyOptions
  /** Where the generated development secret was kept, when one was. */
  readonly generatedSecretFile?: string
  /** The first superuser, created by `serve` and `migrate` when no user has that name (LATCHKEY_SUPERUSER_*). */
  readonly superuser?: { readonly username: string; readonly password: string; readonly email: string }
}

type Env = Readonly<Record<string, string | undefined>>

/** Reads `.env` (if present) under the real environment: a variable set in the environment wins. */
export function loadEnv(processEnv: Env, cwd: string): Env {
  const file = join(cwd, '.env')
  if (!existsSync(file)) return processEnv
  return { ...parseEnv(readFileSync(file, 'utf8')), ...processEnv }
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** `LATCHKEY_TRUST_PROXY`: true/false, or the proxies' addresses or CIDRs, comma-separated. */
function trustProxy(value: string | undefined): boolean | readonly string[] {
  if (value === undefined || value === '' || /^(false|0|no|off)$/i.test(value)) return false
  if (/^(true|1|yes|on)$/i.test(value)) return true
  return list(value) ?? false
}

/** The directory of a `sqlite:` URL's file, where development state (the generated secret) is kept. */
function dataDirectory(databaseUrl: string, cwd: string): string {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length)
    if (path !== ':memory:') return dirname(resolve(cwd, path))
  }
  return join(cwd, 'data')
}

/**
 * The only reader of the environment. Turns `LATCHKEY_*` variables into the server's configuration; every problem
 * is collected and reported at once, naming the variable to fix.
 */
export function configFromEnv(env: Env, cwd: string): ServerConfig {
  const problems: string[] = []
  const bool = (name: string): boolean | undefined => {
    const value = env[name]
    if (value === undefined || value === '') return undefined
    if (/^(true|1|yes|on)$/i.test(value)) return true
    if (/^(false|0|no|off)$/i.test(value)) return false
    problems.push(`${name}: '${value}' is not true or false`)
    return undefined
  }
  const production = env.NODE_ENV === 'production'
  const port = Number(env.LATCHKEY_PORT ?? '8000')
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`LATCHKEY_PORT: '${env.LATCHKEY_PORT}' is not a port`)
  const databaseUrl = env.LATCHKEY_DATABASE_URL ?? 'sqlite:./data/latchkey.sqlite'
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl))
    problems.push("LATCHKEY_DATABASE_URL: must start with 'sqlite:' or 'postgres://'")

  let secretKey = env.LATCHKEY_SECRET_KEY
  let generatedSecretFile: string | undefined
  if ((secretKey === undefined || secretKey === '') && !production) {
    // Development only: a secret made once and kept beside the database, so restarts keep sessions valid.
    generatedSecretFile = join(dataDirectory(databaseUrl, cwd), 'secret_key')
    if (existsSync(generatedSecretFile)) secretKey = readFileSync(generatedSecretFile, 'utf8').trim()
    else {
      secretKey = randomBytes(48).toString('base64url')
      mkdirSync(dirname(generatedSecretFile), { recursive: true })
      writeFileSync(generatedSecretFile, `${secretKey}\n`, { mode: 0o600 })
    }
  }

  const cookieSecure = bool('LATCHKEY_COOKIE_SECURE')
  const csrfCookieSecure = bool('LATCHKEY_CSRF_COOKIE_SECURE') ?? cookieSecure
  const options: LatchkeyOptions = {
    production,
    ...(secretKey !== undefined && { secretKey }),
    ...(env.LATCHKEY_ACCESS_TOKEN_LIFETIME && { accessTokenLifetime: env.LATCHKEY_ACCESS_TOKEN_LIFETIME }),
    ...(env.LATCHKEY_REFRESH_TOKEN_LIFETIME && { refreshTokenLifetime: env.LATCHKEY_REFRESH_TOKEN_LIFETIME }),
    ...(env.LATCHKEY_LEEWAY && { leeway: env.LATCHKEY_LEEWAY }),
    ...(env.LATCHKEY_REFRESH_GRACE_WINDOW && { refreshGraceWindow: env.LATCHKEY_REFRESH_GRACE_WINDOW }),
    ...(env.LATCHKEY_KEY_ACTIVATION_DELAY && { keyActivationDelay: env.LATCHKEY_KEY_ACTIVATION_DELAY }),
    ...(env.LATCHKEY_USER_CACHE_TTL && { userCacheTtl: env.LATCHKEY_USER_CACHE_TTL }),
    ...(env.LATCHKEY_AUDIT_RETENTION && { auditRetention: env.LATCHKEY_AUDIT_RETENTION }),
  }
  const rotate = bool('LATCHKEY_ROTATE_REFRESH_TOKENS')
  if (rotate !== undefined) options.rotateRefreshTokens = rotate
  const docs = bool('LATCHKEY_DOCS')
  if (docs !== undefined) options.docs = docs
  const demo = bool('LATCHKEY_DEMO')
  if (demo !== undefined) options.demo = demo
  const admin = bool('LATCHKEY_ADMIN')
  if (admin !== undefined) options.admin = admin
  options.cookies = {
    ...(cookieSecure !== undefined && { secure: cookieSecure }),
    ...(env.LATCHKEY_COOKIE_DOMAIN && { domain: env.LATCHKEY_COOKIE_DOMAIN }),
  }
  const trusted = list(env.LATCHKEY_CSRF_TRUSTED_ORIGINS)
  options.csrf = {
    ...(csrfCookieSecure !== undefined && { cookieSecure: csrfCookieSecure }),
    ...(env.LATCHKEY_CSRF_COOKIE_DOMAIN && { cookieDomain: env.LATCHKEY_CSRF_COOKIE_DOMAIN }),
    ...(trusted !== undefined && { trustedOrigins: trusted }),
  }
  const loginLimits = {
    ...(env.LATCHKEY_LOGIN_LIMIT_USER_IP && { perUserAndIp: env.LATCHKEY_LOGIN_LIMIT_USER_IP }),
    ...(env.LATCHKEY_LOGIN_LIMIT_USER && { perUser: env.LATCHKEY_LOGIN_LIMIT_USER }),
    ...(env.LATCHKEY_LOGIN_LIMIT_IP && { perIp: env.LATCHKEY_LOGIN_LIMIT_IP }),
  }
  if (Object.keys(loginLimits).length > 0) options.loginLimits = loginLimits
  const redisUrl = env.LATCHKEY_REDIS_URL || undefined
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl))
    problems.push("LATCHKEY_REDIS_URL: must start with 'redis://' or 'rediss://'")
  const hosts = list(env.LATCHKEY_ALLOWED_HOSTS)
  if (hosts !== undefined) options.allowedHosts = hosts
  const allowed = list(env.LATCHKEY_CORS_ALLOWED_ORIGINS)
  if (allowed !== undefined) options.cors = { allowedOrigins: allowed }
  const drain = parseDuration(env.LATCHKEY_SHUTDOWN_DRAIN ?? '1s')
  if (drain === undefined)
    problems.push(`LATCHKEY_SHUTDOWN_DRAIN: '${env.LATCHKEY_SHUTDOWN_DRAIN}' is not a duration such as '1s'`)
  const superuserName = env.LATCHKEY_SUPERUSER_USERNAME || undefined
  const superuserPassword = env.LATCHKEY_SUPERUSER_PASSWORD || undefined
  if ((superuserName === undefined) !== (superuserPassword === undefined))
    problems.push('LATCHKEY_SUPERUSER_USERNAME and LATCHKEY_SUPERUSER_PASSWORD: set both or neither')
  if (problems.length > 0) throw new ConfigError(problems)
  return {
    host: env.LATCHKEY_HOST ?? '127.0.0.1',
    port,
    databaseUrl,
    redisUrl,
    trustProxy: trustProxy(env.LATCHKEY_TRUST_PROXY),
    logLevel: env.LATCHKEY_LOG_LEVEL ?? 'info',
    shutdownDrainMs: drain ?? 1000,
    options,
    ...(generatedSecretFile !== undefined && { generatedSecretFile }),
    ...(superuserName !== undefined &&
      superuserPassword !== undefined && {
        superuser: {
          username: superuserName,
          password: superuserPassword,
          email: env.LATCHKEY_SUPERUSER_EMAIL ?? '',
        },
      }),
  }
}
