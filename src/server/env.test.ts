import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { ConfigError } from '../core/options.ts'
import { configFromEnv, loadEnv } from './env.ts'

describe('configuration from the environment', () => {
  it('maps every LATCHKEY_ variable onto the options', () => {
    const config = configFromEnv(
      {
        LATCHKEY_SECRET_KEY: 's',
        LATCHKEY_HOST: '0.0.0.0',
        LATCHKEY_PORT: '9000',
        LATCHKEY_DATABASE_URL: 'postgres://u@h:5432/d',
        LATCHKEY_CSRF_TRUSTED_ORIGINS: 'http://localhost:3000, https://app.example.com',
        LATCHKEY_CORS_ALLOWED_ORIGINS: 'http://localhost:3000',
        LATCHKEY_COOKIE_SECURE: 'true',
        LATCHKEY_COOKIE_DOMAIN: 'example.com',
        LATCHKEY_ACCESS_TOKEN_LIFETIME: '5m',
        LATCHKEY_REFRESH_TOKEN_LIFETIME: '7d',
        LATCHKEY_ROTATE_REFRESH_TOKENS: 'false',
        LATCHKEY_REFRESH_GRACE_WINDOW: '0s',
        LATCHKEY_USER_CACHE_TTL: '0s',
      },
      '/tmp',
    )
    assert.equal(config.host, '0.0.0.0')
    assert.equal(config.port, 9000)
    assert.equal(config.databaseUrl, 'postgres://u@h:5432/d')
    assert.deepEqual(config.options.csrf?.trustedOrigins, [
      'http://localhost:3000',
      'https://app.example.com',
    ])
    assert.deepEqual(config.options.cors?.allowedOrigins, ['http://localhost:3000'])
    assert.equal(config.options.cookies?.secure, true)
    assert.equal(config.options.csrf?.cookieSecure, true, 'the CSRF cookie follows LATCHKEY_COOKIE_SECURE')
    assert.equal(config.options.cookies?.domain, 'example.com')
    assert.equal(config.options.accessTokenLifetime, '5m')
    assert.equal(config.options.refreshTokenLifetime, '7d')
    assert.equal(config.options.rotateRefreshTokens, false)
    assert.equal(config.options.refreshGraceWindow, '0s')
    assert.equal(config.options.userCacheTtl, '0s')
  })

  it('defaults to 127.0.0.1:8000 and ./data/latchkey.sqlite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-env-'))
    try {
      const config = configFromEnv({}, dir)
      assert.equal(config.host, '127.0.0.1')
      assert.equal(config.port, 8000)
      assert.equal(config.databaseUrl, 'sqlite:./data/latchkey.sqlite')
      assert.equal(config.generatedSecretFile, join(dir, 'data', 'secret_key'))
      const secret = readFileSync(join(dir, 'data', 'secret_key'), 'utf8').trim()
      assert.equal(configFromEnv({}, dir).options.secretKey, secret, 'generated once and kept')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('does not generate a secret in production: it is an error naming the variable', () => {
    assert.throws(
      () => configFromEnv({ NODE_ENV: 'production', LATCHKEY_COOKIE_SECURE: 'true' }, '/nonexistent'),
      (error: ConfigError) =>
        error.problems.some((p) => p.startsWith('LATCHKEY_SECRET_KEY: set a secret key')),
    )
  })

  it('reports bad values naming the variable', () => {
    assert.throws(
      () =>
        configFromEnv(
          { LATCHKEY_SECRET_KEY: 's', LATCHKEY_PORT: 'http', LATCHKEY_COOKIE_SECURE: 'maybe' },
          '/tmp',
        ),
      (error: ConfigError) =>
        error.problems.some((p) => p.startsWith('LATCHKEY_PORT')) &&
        error.problems.some((p) => p.startsWith('LATCHKEY_COOKIE_SECURE')),
    )
  })

  it('runs one process in development and on SQLite, one per CPU in production on PostgreSQL, unless LATCHKEY_WORKERS says', () => {
    const production = {
      NODE_ENV: 'production',
      LATCHKEY_SECRET_KEY: 'Zq3xV8pL2mK9wR4tY7uE1oI6aS5dF0gH-jNcBvXz_QwErTy',
      LATCHKEY_COOKIE_SECURE: 'true',
      LATCHKEY_ALLOWED_HOSTS: 'api.example.com',
    }
    assert.equal(configFromEnv({ LATCHKEY_SECRET_KEY: 's' }, '/tmp').workers, 1)
    assert.equal(configFromEnv(production, '/nonexistent').workers, 1)
    const postgres = { ...production, LATCHKEY_DATABASE_URL: 'postgres://latchkey@db:5432/latchkey' }
    assert.equal(configFromEnv(postgres, '/nonexistent').workers, availableParallelism())
    assert.equal(configFromEnv({ ...production, LATCHKEY_WORKERS: '3' }, '/nonexistent').workers, 3)
    assert.equal(configFromEnv({ LATCHKEY_SECRET_KEY: 's', LATCHKEY_WORKERS: '4' }, '/tmp').workers, 4)
  })

  it('refuses a LATCHKEY_WORKERS that is not a whole number of at least one', () => {
    for (const value of ['0', '-1', '1.5', 'two', '2x'])
      assert.throws(
        () => configFromEnv({ LATCHKEY_SECRET_KEY: 's', LATCHKEY_WORKERS: value }, '/tmp'),
        (error: ConfigError) => error.problems.some((p) => p.startsWith('LATCHKEY_WORKERS')),
        value,
      )
  })

  it('maps LATCHKEY_SESSION_IDLE_TIMEOUT and LATCHKEY_MAX_SESSIONS_PER_USER, refusing a cap that is not a count', () => {
    const config = configFromEnv(
      { LATCHKEY_SECRET_KEY: 's', LATCHKEY_SESSION_IDLE_TIMEOUT: '7d', LATCHKEY_MAX_SESSIONS_PER_USER: '20' },
      '/tmp',
    )
    assert.equal(config.options.sessionIdleTimeout, '7d')
    assert.equal(config.options.maxSessionsPerUser, 20)
    for (const bad of ['0', '-1', 'many', '1.5'])
      assert.throws(
        () => configFromEnv({ LATCHKEY_SECRET_KEY: 's', LATCHKEY_MAX_SESSIONS_PER_USER: bad }, '/tmp'),
        (error: ConfigError) => error.problems.some((p) => p.startsWith('LATCHKEY_MAX_SESSIONS_PER_USER')),
      )
  })

  it('bounds every database and health wait, 2 s by default, each configurable', () => {
    const defaults = configFromEnv({ LATCHKEY_SECRET_KEY: 's' }, '/tmp')
    assert.deepEqual(
      [defaults.databaseTimeoutMs, defaults.databaseAcquireTimeoutMs, defaults.healthTimeoutMs],
      [2000, 2000, 2000],
    )
    const set = configFromEnv(
      {
        LATCHKEY_SECRET_KEY: 's',
        LATCHKEY_DATABASE_TIMEOUT: '500ms',
        LATCHKEY_DATABASE_ACQUIRE_TIMEOUT: '1s',
        LATCHKEY_HEALTH_TIMEOUT: '3s',
      },
      '/tmp',
    )
    assert.deepEqual(
      [set.databaseTimeoutMs, set.databaseAcquireTimeoutMs, set.healthTimeoutMs],
      [500, 1000, 3000],
    )
    assert.throws(
      () =>
        configFromEnv(
          { LATCHKEY_SECRET_KEY: 's', LATCHKEY_DATABASE_TIMEOUT: '0s', LATCHKEY_HEALTH_TIMEOUT: 'x' },
          '/tmp',
        ),
      (error: ConfigError) =>
        error.problems.some((p) => p.startsWith('LATCHKEY_DATABASE_TIMEOUT')) &&
        error.problems.some((p) => p.startsWith('LATCHKEY_HEALTH_TIMEOUT')),
    )
  })

  it('reads .env under the real environment, which wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-dotenv-'))
    try {
      writeFileSync(join(dir, '.env'), 'LATCHKEY_PORT=7000\nLATCHKEY_HOST="0.0.0.0"\n')
      const env = loadEnv({ LATCHKEY_PORT: '7001' }, dir)
      assert.equal(env.LATCHKEY_PORT, '7001')
      assert.equal(env.LATCHKEY_HOST, '0.0.0.0')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('passes LATCHKEY_ACCEPT_LEGACY_TOKENS_UNTIL to the options, and leaves the window off without it', () => {
    const on = configFromEnv(
      { LATCHKEY_SECRET_KEY: 's', LATCHKEY_ACCEPT_LEGACY_TOKENS_UNTIL: '2026-12-01' },
      '/tmp',
    )
    assert.equal(on.options.acceptLegacyTokensUntil, '2026-12-01')
    assert.equal(
      configFromEnv({ LATCHKEY_SECRET_KEY: 's' }, '/tmp').options.acceptLegacyTokensUntil,
      undefined,
    )
  })
})
