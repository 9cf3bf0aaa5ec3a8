import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, resolveOptions } from './options.ts'

/** 47 random characters, about 300 bits: what `openssl rand -base64 48` gives, shortened. */
const STRONG_SECRET = 'Zq3xV8pL2mK9wR4tY7uE1oI6aS5dF0gH-jNcBvXz_QwErTy'
const PRODUCTION = {
  production: true,
  secretKey: STRONG_SECRET,
  cookies: { secure: true },
  csrf: { cookieSecure: true },
  allowedHosts: ['api.example.com'],
} as const

function problemsOf(options: Parameters<typeof resolveOptions>[0]): string {
  try {
    resolveOptions(options)
    return ''
  } catch (error) {
    assert.ok(error instanceof ConfigError)
    return error.problems.join('\n')
  }
}

describe('resolveOptions', () => {
  it('defaults to the reference settings', () => {
    const s = resolveOptions({ secretKey: 'k' })
    assert.equal(s.accessTokenLifetimeMs, 900_000)
    assert.equal(s.refreshTokenLifetimeMs, 2_592_000_000)
    assert.equal(s.leewayMs, 0)
    assert.equal(s.cookies.accessName, 'access_token')
    assert.equal(s.cookies.refreshPath, '/accounts/auth/')
    assert.equal(s.cookies.httpOnly, true)
    assert.equal(s.cookies.sameSite, 'Lax')
    assert.equal(s.csrf.cookieName, 'csrftoken')
    assert.equal(s.csrf.cookieMaxAgeMs / 1000, 31_449_600)
    assert.equal(s.refreshGraceWindowMs, 10_000)
    assert.equal(s.rotateRefreshTokens, true)
    assert.equal(s.docs, true)
    assert.ok(Object.isFrozen(s))
  })

  it('reports every problem at once, naming the setting', () => {
    try {
      resolveOptions({
        accessTokenLifetime: '15 minutes',
        cookies: { sameSite: 'None' },
        csrf: { trustedOrigins: ['*.example.com'] },
      })
      assert.fail('should throw')
    } catch (error) {
      assert.ok(error instanceof ConfigError)
      const text = error.problems.join('\n')
      assert.match(text, /secretKey/)
      assert.match(text, /accessTokenLifetime: '15 minutes'/)
      assert.match(text, /cookies.sameSite: 'None' needs cookies.secure/)
      assert.match(text, /csrf.trustedOrigins: '\*.example.com'/)
    }
  })

  it('refuses a short secret and non-Secure cookies in production', () => {
    assert.throws(
      () => resolveOptions({ production: true, secretKey: 'short' }),
      (error: ConfigError) => {
        const text = error.problems.join('\n')
        return /at least 256 bits of entropy/.test(text) && /LATCHKEY_COOKIE_SECURE/.test(text)
      },
    )
    const ok = resolveOptions({
      production: true,
      secretKey: STRONG_SECRET,
      cookies: { secure: true },
      csrf: { cookieSecure: true },
      allowedHosts: ['api.example.com'],
    })
    assert.equal(ok.docs, false, 'no docs UI in production by default')
  })

  it('accepts a zero grace window and refuses one over five minutes', () => {
    assert.equal(resolveOptions({ secretKey: 'k', refreshGraceWindow: '0s' }).refreshGraceWindowMs, 0)
    assert.throws(() => resolveOptions({ secretKey: 'k', refreshGraceWindow: '10m' }), ConfigError)
  })

  it('keeps the Django cutover window off by default and reads it as an ISO 8601 date', () => {
    assert.equal(resolveOptions({ secretKey: 'k' }).acceptLegacyTokensUntilMs, null)
    const until = resolveOptions({ secretKey: 'k', acceptLegacyTokensUntil: '2026-12-01T12:00:00Z' })
    assert.equal(until.acceptLegacyTokensUntilMs, Date.UTC(2026, 11, 1, 12))
    assert.equal(
      resolveOptions({ secretKey: 'k', acceptLegacyTokensUntil: '2026-12-01' }).acceptLegacyTokensUntilMs,
      Date.UTC(2026, 11, 1),
    )
    for (const bad of ['tomorrow', '2026-13-01', '2026-12-01T12:00', '1764590400000'])
      assert.throws(
        () => resolveOptions({ secretKey: 'k', acceptLegacyTokensUntil: bad }),
        /acceptLegacyTokensUntil/,
        bad,
      )
  })

  it('refuses the unsafe production combinations, each under its option', () => {
    const rows: readonly [string, Parameters<typeof resolveOptions>[0], RegExp][] = [
      [
        'a secret of forty a',
        { ...PRODUCTION, secretKey: 'a'.repeat(40) },
        /^secretKey: .*256 bits of entropy/m,
      ],
      [
        'HttpOnly off',
        { ...PRODUCTION, cookies: { secure: true, httpOnly: false } },
        /^cookies.httpOnly: production requires HttpOnly/m,
      ],
      [
        'CSRF off',
        { ...PRODUCTION, csrf: { cookieSecure: true, enabled: false } },
        /^csrf.enabled: production requires CSRF protection/m,
      ],
    ]
    for (const [name, options, problem] of rows) assert.match(problemsOf(options), problem, name)
    assert.equal(problemsOf(PRODUCTION), '', 'the safe production settings pass')
    assert.equal(
      problemsOf({ secretKey: 'k', cookies: { httpOnly: false }, csrf: { enabled: false } }),
      '',
      'development allows them',
    )
  })

  it('refuses cookie attributes that would smuggle text into Set-Cookie, in every mode', () => {
    assert.match(
      problemsOf({ secretKey: 'k', cookies: { domain: 'example.com; SameSite=None' } }),
      /^cookies.domain: 'example.com; SameSite=None' is not a host name/m,
    )
    assert.match(
      problemsOf({ secretKey: 'k', csrf: { cookieDomain: 'a .com' } }),
      /^csrf.cookieDomain: 'a .com' is not a host name/m,
    )
    assert.match(
      problemsOf({ secretKey: 'k', cookies: { refreshPath: '/a; Secure' } }),
      /^cookies.refreshPath: '\/a; Secure'/m,
    )
    assert.equal(problemsOf({ secretKey: 'k', cookies: { domain: '.example.com' } }), '')
  })

  it('refuses SameSite=None without Secure on either cookie', () => {
    assert.match(
      problemsOf({ secretKey: 'k', cookies: { sameSite: 'None' } }),
      /^cookies.sameSite: 'None' needs cookies.secure/m,
    )
    assert.match(
      problemsOf({ secretKey: 'k', csrf: { cookieSameSite: 'None' } }),
      /^csrf.cookieSameSite: 'None' needs csrf.cookieSecure/m,
    )
  })

  it('refuses an access lifetime not shorter than the refresh lifetime', () => {
    assert.match(
      problemsOf({ secretKey: 'k', accessTokenLifetime: '30d', refreshTokenLifetime: '1d' }),
      /^accessTokenLifetime: must be shorter than refreshTokenLifetime/m,
    )
  })
})
