import { ConfigError } from './options.ts'

/**
 * Every option `createLatchkey` accepts, nested ones by their group. A misspelt or unsupported key is refused
 * (rather than silently ignored, which would leave the default in force while the author believes otherwise).
 */
const KNOWN: Readonly<Record<string, readonly string[] | null>> = {
  secretKey: null,
  production: null,
  accessTokenLifetime: null,
  refreshTokenLifetime: null,
  leeway: null,
  rotateRefreshTokens: null,
  refreshGraceWindow: null,
  revokedSessionRetention: null,
  auditRetention: null,
  cookies: [
    'accessName',
    'refreshName',
    'domain',
    'secure',
    'httpOnly',
    'sameSite',
    'accessPath',
    'refreshPath',
  ],
  csrf: [
    'enabled',
    'cookieName',
    'cookieDomain',
    'cookieSecure',
    'cookieSameSite',
    'cookieMaxAge',
    'headerName',
    'trustedOrigins',
  ],
  cors: ['allowedOrigins', 'allowCredentials', 'maxAge'],
  passwordHashing: ['memoryCost', 'timeCost', 'parallelism', 'concurrency'],
  docs: null,
  demo: null,
  admin: null,
  allowedHosts: null,
  loginLimits: ['perUserAndIp', 'perUser', 'perIp'],
  keyActivationDelay: null,
  userCacheTtl: null,
  sessionIdleTimeout: null,
  maxSessionsPerUser: null,
  acceptLegacyTokensUntil: null,
  events: [
    'onLogin',
    'onLoginFailed',
    'onRefresh',
    'onRefreshReuseDetected',
    'onLogout',
    'onSessionRevoked',
    'onPasswordChanged',
  ],
}

/** Throws ConfigError naming every unknown key (`cookie.secure`, `evnets`), all at once. */
export function checkOptionKeys(options: object): void {
  const problems: string[] = []
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(KNOWN, key)) {
      problems.push(`${key}: not a Latchkey option`)
      continue
    }
    const nested = KNOWN[key]
    if (nested === null || nested === undefined || value === undefined || value === null) continue
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${key}: must be an object`)
      continue
    }
    for (const inner of Object.keys(value)) {
      if (!nested.includes(inner)) problems.push(`${key}.${inner}: not a Latchkey option`)
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)
}
