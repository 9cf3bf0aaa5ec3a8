import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { serializeSetCookie } from '../cookies/set-cookie.ts'
import type { AuthRequest } from '../http.ts'
import { resolveOptions, type Settings } from '../options.ts'
import { cryptoRandom } from '../random.ts'
import { checkCsrf } from './check-csrf.ts'
import { csrfCookie, issueCsrfToken, rotateCsrfSecret } from './csrf-cookie.ts'
import { unmaskCsrfToken } from './secret.ts'

const CSRF: Settings['csrf'] = resolveOptions({ secretKey: 'k' }).csrf
const TEST_SECRET = 'lcccccccX2kcccccccY2jcccccccssIC'
const MASKED_TEST_SECRET1 = '1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD'

function get(cookie?: string): AuthRequest {
  return {
    method: 'GET',
    path: '/accounts/csrf_token/',
    headers: cookie === undefined ? { host: '127.0.0.1:8000' } : { host: '127.0.0.1:8000', cookie },
    body: { kind: 'none' },
    ip: '127.0.0.1',
    secure: false,
  }
}

describe('csrfCookie', () => {
  it('serialises as the reference’s csrftoken cookie (transcript case 83)', () => {
    const now = Date.UTC(2026, 10, 22, 10, 11, 5)
    assert.equal(
      serializeSetCookie(csrfCookie('ZeNxRC1M3ljuNUxS5IvFYO7UB3AYeHeX', CSRF), now),
      'csrftoken=ZeNxRC1M3ljuNUxS5IvFYO7UB3AYeHeX; expires=Sun, 21 Nov 2027 10:11:05 GMT; Max-Age=31449600; Path=/; SameSite=Lax',
    )
  })

  it('is readable by scripts and follows every csrf setting', () => {
    const custom = {
      ...CSRF,
      cookieName: 'csrfcookie',
      cookieDomain: '.example.com',
      cookieSecure: true,
      cookieSameSite: 'Strict' as const,
      cookieMaxAgeMs: 123_000,
    }
    assert.deepEqual(csrfCookie(TEST_SECRET, custom), {
      name: 'csrfcookie',
      value: TEST_SECRET,
      maxAge: 123,
      path: '/',
      domain: '.example.com',
      secure: true,
      httpOnly: false,
      sameSite: 'Strict',
    })
  })

  it('rounds a sub-second max age down to whole seconds', () => {
    assert.equal(csrfCookie(TEST_SECRET, { ...CSRF, cookieMaxAgeMs: 1500 }).maxAge, 1)
  })
})

describe('issueCsrfToken', () => {
  it('draws a new 32-character secret when there is no cookie, and masks it', () => {
    const issued = issueCsrfToken(get(), CSRF, cryptoRandom)
    assert.match(issued.secret, /^[A-Za-z0-9]{32}$/)
    assert.match(issued.token, /^[A-Za-z0-9]{64}$/)
    assert.equal(unmaskCsrfToken(issued.token), issued.secret)
    assert.equal(issued.cookie.value, issued.secret)
  })

  it('keeps a well-formed cookie’s secret and re-sends the cookie', () => {
    const issued = issueCsrfToken(get(`csrftoken=${TEST_SECRET}`), CSRF, cryptoRandom)
    assert.equal(issued.secret, TEST_SECRET)
    assert.equal(issued.cookie.value, TEST_SECRET)
    assert.equal(unmaskCsrfToken(issued.token), TEST_SECRET)
  })

  it('re-issues a legacy 64-character masked cookie as its 32-character secret (transcript case 4)', () => {
    const issued = issueCsrfToken(get(`csrftoken=${MASKED_TEST_SECRET1}`), CSRF, cryptoRandom)
    assert.equal(issued.secret, TEST_SECRET)
    assert.equal(issued.cookie.value, TEST_SECRET)
  })

  it('replaces a malformed cookie with a new secret (transcript case 3)', () => {
    for (const bad of ['abc', '!'.repeat(32), 'x'.repeat(100_000)]) {
      const issued = issueCsrfToken(get(`csrftoken=${bad}`), CSRF, cryptoRandom)
      assert.match(issued.cookie.value, /^[A-Za-z0-9]{32}$/)
      assert.notEqual(issued.cookie.value, bad)
    }
  })

  it('replaces a duplicated cookie with a new secret rather than picking one', () => {
    const issued = issueCsrfToken(
      get(`csrftoken=${TEST_SECRET}; csrftoken=${TEST_SECRET}`),
      CSRF,
      cryptoRandom,
    )
    assert.notEqual(issued.secret, TEST_SECRET)
  })

  it('gives 20 distinct tokens for one cookie, none containing the secret, all accepted (BREACH)', () => {
    const tokens = Array.from(
      { length: 20 },
      () => issueCsrfToken(get(`csrftoken=${TEST_SECRET}`), CSRF, cryptoRandom).token,
    )
    assert.equal(new Set(tokens).size, 20)
    for (const token of tokens) {
      assert.equal(token.includes(TEST_SECRET), false)
      const post: AuthRequest = {
        ...get(`csrftoken=${TEST_SECRET}`),
        method: 'POST',
        headers: { host: '127.0.0.1:8000', cookie: `csrftoken=${TEST_SECRET}`, 'x-csrftoken': token },
      }
      assert.deepEqual(checkCsrf(post, CSRF), { ok: true })
    }
  })
})

describe('rotateCsrfSecret', () => {
  it('sets a new secret each time, so a token for the old one fails', () => {
    const first = rotateCsrfSecret(CSRF, cryptoRandom)
    const second = rotateCsrfSecret(CSRF, cryptoRandom)
    assert.match(first.value, /^[A-Za-z0-9]{32}$/)
    assert.notEqual(first.value, second.value)
    const post: AuthRequest = {
      ...get(),
      method: 'POST',
      headers: { host: '127.0.0.1:8000', cookie: `csrftoken=${second.value}`, 'x-csrftoken': first.value },
    }
    assert.equal(checkCsrf(post, CSRF).ok, false)
  })

  it('uses the configured cookie attributes', () => {
    assert.deepEqual({ ...rotateCsrfSecret(CSRF, cryptoRandom), value: '' }, { ...csrfCookie('', CSRF) })
  })
})
