import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError } from '../core/options.ts'
import { configFromEnv } from './env.ts'

const SECRET = 'Zq3xV8pL2mK9wR4tY7uE1oI6aS5dF0gH-jNcBvXz_QwErTy' // 47 random characters: ~300 bits
const PRODUCTION = {
  NODE_ENV: 'production',
  LATCHKEY_SECRET_KEY: SECRET,
  LATCHKEY_COOKIE_SECURE: 'true',
  LATCHKEY_ALLOWED_HOSTS: 'api.example.com',
}

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    configFromEnv(env, '/nonexistent')
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

/** Each row: variables → a problem that must name the variable first and say what it accepts. */
const CASES: readonly { name: string; env: Record<string, string>; problem: RegExp }[] = [
  {
    name: 'log level',
    env: { LATCHKEY_LOG_LEVEL: 'verbose' },
    problem: /^LATCHKEY_LOG_LEVEL: 'verbose' is not one of 'fatal', 'error', 'warn', 'info', 'debug'/,
  },
  {
    name: 'proxy list',
    env: { LATCHKEY_TRUST_PROXY: 'maybe' },
    problem:
      /^LATCHKEY_TRUST_PROXY: 'maybe' is not 'false', the number of proxies in front of the server such as '1', or comma-separated proxy addresses or CIDRs/,
  },
  {
    name: 'proxy CIDR',
    env: { LATCHKEY_TRUST_PROXY: '10.0.0.0/33' },
    problem: /^LATCHKEY_TRUST_PROXY: '10.0.0.0\/33'/,
  },
  {
    name: 'listen host',
    env: { LATCHKEY_HOST: 'http://0.0.0.0' },
    problem: /^LATCHKEY_HOST: 'http:\/\/0.0.0.0' is not an IP address or host name/,
  },
  {
    name: 'allowed hosts are host names, not URLs',
    env: { LATCHKEY_ALLOWED_HOSTS: 'http://x.com' },
    problem: /^LATCHKEY_ALLOWED_HOSTS: 'http:\/\/x.com' is not comma-separated host names/,
  },
  { name: 'port', env: { LATCHKEY_PORT: 'http' }, problem: /^LATCHKEY_PORT: 'http' is not a port number/ },
  { name: 'port range', env: { LATCHKEY_PORT: '70000' }, problem: /^LATCHKEY_PORT: '70000'/ },
  {
    name: 'boolean',
    env: { LATCHKEY_COOKIE_SECURE: 'maybe' },
    problem: /^LATCHKEY_COOKIE_SECURE: 'maybe' is not 'true' or 'false'/,
  },
  {
    name: 'token lifetime',
    env: { LATCHKEY_ACCESS_TOKEN_LIFETIME: 'soon' },
    problem: /^LATCHKEY_ACCESS_TOKEN_LIFETIME: 'soon' is not a duration such as '15m'/,
  },
  {
    name: 'zero lifetime, reported under the variable',
    env: { LATCHKEY_REFRESH_TOKEN_LIFETIME: '0s' },
    problem: /^LATCHKEY_REFRESH_TOKEN_LIFETIME: must be longer than zero/,
  },
  {
    name: 'drain duration',
    env: { LATCHKEY_SHUTDOWN_DRAIN: 'later' },
    problem: /^LATCHKEY_SHUTDOWN_DRAIN: 'later' is not a duration/,
  },
  {
    name: 'database connect timeout',
    env: { LATCHKEY_DB_CONNECT_TIMEOUT: '30' },
    problem: /^LATCHKEY_DB_CONNECT_TIMEOUT: '30' is not a duration such as '30s'/,
  },
  {
    name: 'grace window bound',
    env: { LATCHKEY_REFRESH_GRACE_WINDOW: '10m' },
    problem: /^LATCHKEY_REFRESH_GRACE_WINDOW: at most 5m/,
  },
  {
    name: 'access lifetime longer than refresh',
    env: { LATCHKEY_ACCESS_TOKEN_LIFETIME: '30d', LATCHKEY_REFRESH_TOKEN_LIFETIME: '1d' },
    problem: /^LATCHKEY_ACCESS_TOKEN_LIFETIME: must be shorter than refreshTokenLifetime/,
  },
  {
    name: 'login limit',
    env: { LATCHKEY_LOGIN_LIMIT_IP: '5' },
    problem: /^LATCHKEY_LOGIN_LIMIT_IP: '5' is not a limit such as '50\/5m'/,
  },
  {
    name: 'trusted origin',
    env: { LATCHKEY_CSRF_TRUSTED_ORIGINS: 'app.example.com' },
    problem: /^LATCHKEY_CSRF_TRUSTED_ORIGINS: 'app.example.com' is not comma-separated origins/,
  },
  {
    name: 'CORS origin with a path',
    env: { LATCHKEY_CORS_ALLOWED_ORIGINS: 'https://app.example.com/' },
    problem: /^LATCHKEY_CORS_ALLOWED_ORIGINS: 'https:\/\/app.example.com\/'/,
  },
  {
    name: 'database URL, value not echoed',
    env: { LATCHKEY_DATABASE_URL: 'mysql://root:hunter2@db/x' },
    problem:
      /^LATCHKEY_DATABASE_URL: the value is not 'sqlite:<path>' or 'postgres:\/\/user@host:port\/database'$/,
  },
  {
    name: 'Redis URL',
    env: { LATCHKEY_REDIS_URL: 'localhost:6379' },
    problem: /^LATCHKEY_REDIS_URL: the value is not 'redis:\/\/host:6379'/,
  },
  {
    name: 'cookie domain with an attribute in it',
    env: { LATCHKEY_COOKIE_DOMAIN: 'example.com; SameSite=None' },
    problem: /^LATCHKEY_COOKIE_DOMAIN: 'example.com; SameSite=None' is not a host name/,
  },
  {
    name: 'CSRF cookie domain with a space',
    env: { LATCHKEY_CSRF_COOKIE_DOMAIN: 'example .com' },
    problem: /^LATCHKEY_CSRF_COOKIE_DOMAIN: 'example .com' is not a host name/,
  },
  {
    name: 'SameSite value',
    env: { LATCHKEY_COOKIE_SAMESITE: 'lax' },
    problem: /^LATCHKEY_COOKIE_SAMESITE: 'lax' is not 'Lax', 'Strict' or 'None'/,
  },
  {
    name: 'SameSite=None without Secure',
    env: { LATCHKEY_COOKIE_SAMESITE: 'None' },
    problem: /^LATCHKEY_COOKIE_SAMESITE: 'None' needs cookies.secure: true/,
  },
  {
    name: 'unknown variable, with the nearest name',
    env: { LATCHKEY_COOKIE_SECUR: 'true' },
    problem: /^LATCHKEY_COOKIE_SECUR: not a Latchkey variable \(did you mean LATCHKEY_COOKIE_SECURE\?\)$/,
  },
  {
    name: 'unknown variable, nothing near',
    env: { LATCHKEY_FLUX_CAPACITOR: '1' },
    problem: /^LATCHKEY_FLUX_CAPACITOR: not a Latchkey variable$/,
  },
  {
    name: 'NODE_ENV',
    env: { NODE_ENV: 'prod' },
    problem: /^NODE_ENV: 'prod' is not 'development', 'production' or 'test'$/,
  },
  {
    name: 'production without a secret',
    env: { NODE_ENV: 'production', LATCHKEY_COOKIE_SECURE: 'true' },
    problem: /^LATCHKEY_SECRET_KEY: set a secret key/,
  },
  {
    name: 'production secret of repeated characters',
    env: { ...PRODUCTION, LATCHKEY_SECRET_KEY: 'a'.repeat(40) },
    problem: /^LATCHKEY_SECRET_KEY: in production the secret key needs at least 256 bits of entropy/,
  },
  {
    name: 'production secret of words and sequences',
    env: { ...PRODUCTION, LATCHKEY_SECRET_KEY: 'password-secret-0123456789-abcdefghijklmnopqrstuvwxyz' },
    problem: /^LATCHKEY_SECRET_KEY: in production .* 256 bits/,
  },
  {
    name: 'production without Secure cookies',
    env: { ...PRODUCTION, LATCHKEY_COOKIE_SECURE: 'false' },
    problem: /^LATCHKEY_COOKIE_SECURE: production requires Secure auth cookies/,
  },
]

describe('configuration errors: every one named under its variable, with the accepted form', () => {
  for (const row of CASES) {
    it(row.name, () => {
      const problems = problemsOf(row.env)
      assert.ok(
        problems.some((p) => row.problem.test(p)),
        `expected a problem matching ${row.problem}, got:\n${problems.join('\n')}`,
      )
    })
  }

  it('reports every bad variable at once, one problem each', () => {
    // One row per variable (rows naming a variable already taken would overwrite it), all in one environment.
    const rows = CASES.filter(
      (row, i) =>
        Object.keys(row.env).length === 1 &&
        !CASES.slice(0, i).some((earlier) => Object.keys(earlier.env).some((k) => k in row.env)),
    )
    const problems = problemsOf(Object.assign({}, ...rows.map((row) => row.env)))
    assert.ok(rows.length >= 15)
    for (const row of rows)
      assert.ok(
        problems.some((p) => row.problem.test(p)),
        `${row.name} missing from:\n${problems.join('\n')}`,
      )
  })

  it('never echoes a secret value', () => {
    const problems = problemsOf({ ...PRODUCTION, LATCHKEY_SECRET_KEY: 'a'.repeat(40) })
    assert.ok(!problems.join('\n').includes('aaaa'))
  })

  it('accepts a production configuration with a strong secret', () => {
    const config = configFromEnv(PRODUCTION, '/nonexistent')
    assert.equal(config.options.production, true)
    assert.equal(config.options.csrf?.cookieSecure, true)
  })

  it('accepts NODE_ENV test and development as development', () => {
    for (const mode of ['test', 'development'])
      assert.equal(
        configFromEnv({ NODE_ENV: mode, LATCHKEY_SECRET_KEY: 's' }, '/tmp').options.production,
        false,
      )
  })

  it('ignores the test tooling’s own LATCHKEY_CHROMIUM', () => {
    assert.doesNotThrow(() => configFromEnv({ LATCHKEY_SECRET_KEY: 's', LATCHKEY_CHROMIUM: '/x' }, '/tmp'))
  })
})
