import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AuthRequest, HeaderMap, RequestBody } from '../http.ts'
import { resolveOptions, type Settings } from '../options.ts'
import { cryptoRandom } from '../random.ts'
import { type CsrfCheck, checkCsrf, csrfHeaderLabel } from './check-csrf.ts'
import { maskCsrfSecret, newCsrfSecret } from './secret.ts'

// Django's tests/csrf_tests/tests.py vectors.
const TEST_SECRET = 'lcccccccX2kcccccccY2jcccccccssIC'
const MASKED_TEST_SECRET1 = '1bcdefghij2bcdefghij3bcdefghij4bcdefghij5bcdefghij6bcdefghijABCD'
const MASKED_TEST_SECRET2 = '2JgchWvM1tpxT2lfz9aydoXW9yT1DN3NdLiejYxOOlzzV4nhBbYqmqZYbAV3V5Bf'

// The reference's settings: runserver on 127.0.0.1:8000, two trusted front-end origins.
const CSRF: Settings['csrf'] = {
  ...resolveOptions({ secretKey: 'k' }).csrf,
  trustedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
}

interface RequestInit {
  readonly method?: string
  readonly headers?: HeaderMap
  readonly body?: RequestBody
  readonly secure?: boolean
}

/** A POST from the reference's own host carrying the test secret as cookie and a masking of it as header. */
function request(init: RequestInit = {}): AuthRequest {
  return {
    method: init.method ?? 'POST',
    path: '/accounts/auth/logout/',
    headers: {
      host: '127.0.0.1:8000',
      cookie: `csrftoken=${TEST_SECRET}`,
      'x-csrftoken': MASKED_TEST_SECRET2,
      ...init.headers,
    },
    body: init.body ?? { kind: 'none' },
    ip: '127.0.0.1',
    secure: init.secure ?? false,
  }
}

function form(fields: Record<string, readonly string[]>): RequestBody {
  return { kind: 'form', fields }
}

function reason(check: CsrfCheck): string | undefined {
  return check.ok ? undefined : check.reason
}

function check(init: RequestInit = {}, csrf = CSRF): string | undefined {
  return reason(checkCsrf(request(init), csrf))
}

describe('checkCsrf: methods', () => {
  it('lets GET, HEAD, OPTIONS and TRACE through without any cookie or token', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE'])
      assert.equal(
        check({ method, headers: { cookie: undefined, 'x-csrftoken': undefined, origin: 'null' } }),
        undefined,
      )
  })

  it('checks PUT, PATCH and DELETE (test_put_and_delete_rejected)', () => {
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      assert.equal(check({ method, headers: { cookie: undefined } }), 'CSRF cookie not set.', method)
  })

  it('checks unknown methods such as PROPFIND and FOO', () => {
    for (const method of ['PROPFIND', 'FOO'])
      assert.equal(check({ method, headers: { cookie: undefined } }), 'CSRF cookie not set.', method)
  })

  it('checks lower-case methods: a lower-case get is not the safe GET', () => {
    for (const method of ['post', 'get', 'Get'])
      assert.equal(check({ method, headers: { cookie: undefined } }), 'CSRF cookie not set.', method)
  })

  it('lets PUT and DELETE through with a cookie and a header token (test_put_and_delete_allowed)', () => {
    assert.equal(check({ method: 'PUT' }), undefined)
    assert.equal(check({ method: 'DELETE' }), undefined)
  })
})

describe('checkCsrf: accepted tokens', () => {
  it('accepts every masked/unmasked cookie and token, by form or header (test_masked_unmasked_combinations)', () => {
    const cases: readonly (readonly [string, string | null, string | null])[] = [
      [TEST_SECRET, TEST_SECRET, null],
      [TEST_SECRET, MASKED_TEST_SECRET2, null],
      [TEST_SECRET, null, TEST_SECRET],
      [TEST_SECRET, null, MASKED_TEST_SECRET2],
      [MASKED_TEST_SECRET1, TEST_SECRET, null],
      [MASKED_TEST_SECRET1, MASKED_TEST_SECRET2, null],
      [MASKED_TEST_SECRET1, null, TEST_SECRET],
      [MASKED_TEST_SECRET1, null, MASKED_TEST_SECRET2],
    ]
    for (const [cookie, post, meta] of cases) {
      const init: RequestInit = {
        headers: { cookie: `csrftoken=${cookie}`, 'x-csrftoken': meta ?? undefined },
        body: post === null ? { kind: 'none' } : form({ csrfmiddlewaretoken: [post] }),
      }
      assert.equal(check(init), undefined, `${cookie} / ${post} / ${meta}`)
    }
  })

  it('accepts any number of fresh maskings of the cookie’s secret, and the raw secret (cases 57–59)', () => {
    const secret = newCsrfSecret(cryptoRandom)
    for (const token of [maskCsrfSecret(secret, cryptoRandom), maskCsrfSecret(secret, cryptoRandom), secret])
      assert.equal(check({ headers: { cookie: `csrftoken=${secret}`, 'x-csrftoken': token } }), undefined)
  })

  it('reads the header under the configured name, case-insensitively (test_csrf_token_in_header_with_customized_name)', () => {
    const custom = { ...CSRF, headerName: 'X-CSRFToken-Customized' }
    assert.equal(
      check({ headers: { 'x-csrftoken': undefined, 'x-csrftoken-customized': TEST_SECRET } }, custom),
      undefined,
    )
  })

  it('does not read the underscore spelling X_CSRFToken', () => {
    assert.equal(
      check({ headers: { 'x-csrftoken': undefined, x_csrftoken: MASKED_TEST_SECRET2 } }),
      'CSRF token missing.',
    )
  })

  it('accepts a request whose cookie rides among others', () => {
    assert.equal(
      check({ headers: { cookie: `access_token=a.b.c; csrftoken=${TEST_SECRET}; refresh_token=x` } }),
      undefined,
    )
  })
})

describe('checkCsrf: where the token is read from', () => {
  it('prefers the csrfmiddlewaretoken field of a POST form over the header', () => {
    const init = { body: form({ csrfmiddlewaretoken: ['a'.repeat(64)] }) }
    assert.equal(check(init), 'CSRF token from POST incorrect.')
  })

  it('falls back to the header when the form field is absent or empty', () => {
    assert.equal(check({ body: form({ other: ['x'] }) }), undefined)
    assert.equal(check({ body: form({ csrfmiddlewaretoken: [''] }) }), undefined)
  })

  it('takes the last value of a repeated field, as Django’s QueryDict.get does', () => {
    assert.equal(check({ body: form({ csrfmiddlewaretoken: ['a'.repeat(64), TEST_SECRET] }) }), undefined)
    assert.equal(
      check({ body: form({ csrfmiddlewaretoken: [TEST_SECRET, 'a'.repeat(64)] }) }),
      'CSRF token from POST incorrect.',
    )
  })

  it('ignores the form field on methods other than POST', () => {
    const init = {
      method: 'PUT',
      headers: { 'x-csrftoken': undefined },
      body: form({ csrfmiddlewaretoken: [TEST_SECRET] }),
    }
    assert.equal(check(init), 'CSRF token missing.')
  })

  it('reads the header for a JSON POST', () => {
    assert.equal(check({ body: { kind: 'json', value: { csrfmiddlewaretoken: 'a'.repeat(64) } } }), undefined)
  })

  it('accepts the form field without any header (case 102)', () => {
    assert.equal(
      check({
        headers: { 'x-csrftoken': undefined },
        body: form({ csrfmiddlewaretoken: [MASKED_TEST_SECRET1] }),
      }),
      undefined,
    )
  })
})

describe('checkCsrf: reasons, in Django’s order', () => {
  it('1. refuses an untrusted Origin before looking at the cookie (cases 86–88)', () => {
    for (const origin of ['http://evil.example', 'null', 'https://localhost:3000'])
      assert.equal(
        check({ headers: { origin, cookie: undefined } }),
        `Origin checking failed - ${origin} does not match any trusted origins.`,
      )
  })

  it('1. over HTTPS without Origin, refuses a bad Referer before looking at the cookie', () => {
    assert.equal(
      check({ secure: true, headers: { cookie: undefined } }),
      'Referer checking failed - no Referer.',
    )
  })

  it('2. refuses a missing cookie before looking at the token (cases 55, 78, 84)', () => {
    assert.equal(check({ headers: { cookie: undefined, 'x-csrftoken': undefined } }), 'CSRF cookie not set.')
    assert.equal(check({ headers: { cookie: 'access_token=x' } }), 'CSRF cookie not set.')
  })

  it('2. refuses a malformed cookie before looking at the token, and asks for it to be replaced (case 83)', () => {
    assert.deepEqual(
      checkCsrf(request({ headers: { cookie: 'csrftoken=abc', 'x-csrftoken': undefined } }), CSRF),
      {
        ok: false,
        reason: 'CSRF cookie has incorrect length.',
        cookieMalformed: true,
      },
    )
    assert.deepEqual(checkCsrf(request({ headers: { cookie: `csrftoken=${'*'.repeat(64)}` } }), CSRF), {
      ok: false,
      reason: 'CSRF cookie has invalid characters.',
      cookieMalformed: true,
    })
  })

  it('3. refuses a missing token (cases 56, 79)', () => {
    assert.deepEqual(checkCsrf(request({ headers: { 'x-csrftoken': undefined } }), CSRF), {
      ok: false,
      reason: 'CSRF token missing.',
      cookieMalformed: false,
    })
  })

  it('4. refuses a header token of the wrong length or alphabet (cases 81, 82)', () => {
    assert.equal(
      check({ headers: { 'x-csrftoken': 'abc' } }),
      "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
    )
    assert.equal(
      check({ headers: { 'x-csrftoken': '' } }),
      "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
    )
    assert.equal(
      check({ headers: { 'x-csrftoken': '!'.repeat(32) } }),
      "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.",
    )
  })

  it('4. refuses a form token of the wrong length or alphabet, naming POST (test_csrf_cookie_bad_or_missing_token)', () => {
    assert.equal(
      check({ body: form({ csrfmiddlewaretoken: ['a'.repeat(16)] }) }),
      'CSRF token from POST has incorrect length.',
    )
    assert.equal(
      check({ body: form({ csrfmiddlewaretoken: ['*'.repeat(64)] }) }),
      'CSRF token from POST has invalid characters.',
    )
  })

  it('5. refuses a well-formed token for another secret (cases 80, 85)', () => {
    assert.equal(
      check({ headers: { 'x-csrftoken': 'A'.repeat(64) } }),
      "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
    )
    const other = newCsrfSecret(cryptoRandom)
    assert.equal(
      check({ headers: { 'x-csrftoken': other } }),
      "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
    )
  })

  it('names a custom header as Django does (test_csrf_cookie_bad_token_custom_header)', () => {
    const custom = { ...CSRF, headerName: 'X-CSRFToken-Customized' }
    assert.equal(
      check({ headers: { 'x-csrftoken-customized': 'a'.repeat(16) } }, custom),
      "CSRF token from the 'X-Csrftoken-Customized' HTTP header has incorrect length.",
    )
  })
})

describe('checkCsrf: cookies', () => {
  it('refuses two csrftoken cookies as not set, without asking for a replacement', () => {
    const cookie = `csrftoken=${TEST_SECRET}; csrftoken=${TEST_SECRET}`
    assert.deepEqual(checkCsrf(request({ headers: { cookie } }), CSRF), {
      ok: false,
      reason: 'CSRF cookie not set.',
      cookieMalformed: false,
    })
  })

  it('refuses a 100 000-character cookie by its length and asks for a replacement (test_process_view_token_too_long)', () => {
    assert.deepEqual(checkCsrf(request({ headers: { cookie: `csrftoken=${'x'.repeat(100_000)}` } }), CSRF), {
      ok: false,
      reason: 'CSRF cookie has incorrect length.',
      cookieMalformed: true,
    })
  })

  it('reads the cookie under the configured name only', () => {
    const custom = { ...CSRF, cookieName: 'csrfcookie' }
    assert.equal(check({}, custom), 'CSRF cookie not set.')
    assert.equal(check({ headers: { cookie: `csrfcookie=${TEST_SECRET}` } }, custom), undefined)
  })
})

describe('checkCsrf: Origin and Referer', () => {
  it('accepts the request’s own origin and trusted origins (cases 96, 103)', () => {
    assert.equal(check({ headers: { origin: 'http://127.0.0.1:8000' } }), undefined)
    assert.equal(check({ headers: { origin: 'http://localhost:3000' } }), undefined)
  })

  it('checks the Origin over plain HTTP too', () => {
    assert.equal(
      check({ headers: { origin: 'http://localhost:3001' } }),
      'Origin checking failed - http://localhost:3001 does not match any trusted origins.',
    )
  })

  it('does not check the Referer over plain HTTP (case 89)', () => {
    assert.equal(check({ headers: { referer: 'http://evil.example/x' } }), undefined)
  })

  it('lets the Origin decide when both Origin and Referer are present over HTTPS', () => {
    assert.equal(
      check({
        secure: true,
        headers: { origin: 'https://127.0.0.1:8000', referer: 'https://evil.example/' },
      }),
      undefined,
    )
    assert.equal(
      check({
        secure: true,
        headers: { origin: 'https://evil.example', referer: 'https://127.0.0.1:8000/' },
      }),
      'Origin checking failed - https://evil.example does not match any trusted origins.',
    )
  })

  it('accepts a good Referer over HTTPS without Origin', () => {
    assert.equal(check({ secure: true, headers: { referer: 'https://127.0.0.1:8000/page' } }), undefined)
  })

  it('refuses an empty Origin header rather than treating it as absent', () => {
    assert.equal(
      check({ headers: { origin: '' } }),
      'Origin checking failed -  does not match any trusted origins.',
    )
  })
})

describe('csrfHeaderLabel (Python str.title of the META name)', () => {
  it('spells X-CSRFToken as X-Csrftoken', () => {
    assert.equal(csrfHeaderLabel('X-CSRFToken'), 'X-Csrftoken')
    assert.equal(csrfHeaderLabel('x-csrftoken'), 'X-Csrftoken')
  })

  it('capitalises each letter after a non-letter, digits included', () => {
    assert.equal(csrfHeaderLabel('X-CSRFToken-Customized'), 'X-Csrftoken-Customized')
    assert.equal(csrfHeaderLabel('x-2fa-token'), 'X-2Fa-Token')
  })
})
