import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AuthRequest, HeaderMap, RequestBody } from '../http.ts'
import { resolveOptions } from '../options.ts'
import { cryptoRandom } from '../random.ts'
import { checkCsrf } from './check-csrf.ts'
import { checkCrossSite } from './fetch-site.ts'
import { maskCsrfSecret, newCsrfSecret } from './secret.ts'

const csrf = resolveOptions({
  secretKey: 'k',
  csrf: { trustedOrigins: ['https://app.example.com', 'https://*.trusted.example'] },
}).csrf
const SECRET = newCsrfSecret(cryptoRandom)
const TOKEN = maskCsrfSecret(SECRET, cryptoRandom)

function request(
  options: { method?: string; headers?: HeaderMap; body?: RequestBody; secure?: boolean } = {},
): AuthRequest {
  return {
    method: options.method ?? 'POST',
    path: '/x',
    headers: {
      host: 'api.example.com',
      cookie: `csrftoken=${SECRET}`,
      'x-csrftoken': TOKEN,
      ...options.headers,
    },
    body: options.body ?? { kind: 'none' },
    ip: '127.0.0.1',
    secure: options.secure ?? false,
  }
}

function reason(r: AuthRequest): string | undefined {
  const check = checkCsrf(r, csrf)
  return check.ok ? undefined : check.reason
}

describe('checkCsrf (Django 5.1 order and reasons)', () => {
  it('passes a matching masked token, and the raw secret', () => {
    assert.equal(reason(request()), undefined)
    assert.equal(reason(request({ headers: { 'x-csrftoken': SECRET } })), undefined)
  })

  it('exempts exactly GET, HEAD, OPTIONS and TRACE', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'TRACE'])
      assert.equal(reason(request({ method, headers: { cookie: '' } })), undefined)
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'post'])
      assert.equal(reason(request({ method, headers: { cookie: '' } })), 'CSRF cookie not set.', method)
  })

  it('checks the Origin first: own origin and trusted pass, anything else fails', () => {
    assert.equal(reason(request({ headers: { origin: 'http://api.example.com' } })), undefined)
    assert.equal(reason(request({ headers: { origin: 'https://app.example.com' } })), undefined)
    assert.equal(reason(request({ headers: { origin: 'https://sub.trusted.example' } })), undefined)
    for (const origin of [
      'https://evil.org',
      'null',
      'https://[',
      'http://app.example.com',
      'https://app.example.com.evil.net',
      'https://evilapp.example.com',
      'https://app.example.com:8443',
      'https://app.example.com/',
      'http://sub.trusted.example',
    ])
      assert.equal(
        reason(request({ headers: { origin, cookie: '' } })),
        `Origin checking failed - ${origin} does not match any trusted origins.`,
        origin,
      )
  })

  it('over HTTPS without Origin, requires a good Referer', () => {
    const https = (referer?: string) =>
      reason(request({ secure: true, headers: referer === undefined ? {} : { referer } }))
    assert.equal(https(), 'Referer checking failed - no Referer.')
    // As Python's urlsplit reads it, 'http://http://…' has a host ('http:'): insecure, not malformed.
    assert.equal(
      https('http://http://www.example.com/'),
      'Referer checking failed - Referer is insecure while host is secure.',
    )
    for (const bad of ['', 'ØBöIß', '//example.com/', 'https://', 'https://['])
      assert.equal(https(bad), 'Referer checking failed - Referer is malformed.', bad)
    assert.equal(
      https('http://api.example.com/'),
      'Referer checking failed - Referer is insecure while host is secure.',
    )
    assert.equal(
      https('https://evil.com/https://api.example.com/'),
      'Referer checking failed - https://evil.com/https://api.example.com/ does not match any trusted origins.',
    )
    assert.equal(https('https://api.example.com/page'), undefined)
    assert.equal(https('https://app.example.com'), undefined)
  })

  it('over plain HTTP without Origin, does not check the Referer', () => {
    assert.equal(reason(request({ headers: { referer: 'http://evil.example/x' } })), undefined)
  })

  it('reports a missing, duplicated or malformed cookie, and marks the malformed one for replacement', () => {
    assert.equal(reason(request({ headers: { cookie: '' } })), 'CSRF cookie not set.')
    assert.equal(
      reason(request({ headers: { cookie: `csrftoken=${SECRET}; csrftoken=${SECRET}` } })),
      'CSRF cookie not set.',
    )
    const malformed = checkCsrf(request({ headers: { cookie: 'csrftoken=abc' } }), csrf)
    assert.deepEqual(malformed, {
      ok: false,
      reason: 'CSRF cookie has incorrect length.',
      cookieMalformed: true,
    })
  })

  it('reports a missing token and bad header tokens with the header label', () => {
    assert.equal(reason(request({ headers: { 'x-csrftoken': undefined } })), 'CSRF token missing.')
    assert.equal(
      reason(request({ headers: { 'x-csrftoken': 'abc' } })),
      "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length.",
    )
    assert.equal(
      reason(request({ headers: { 'x-csrftoken': '!'.repeat(32) } })),
      "CSRF token from the 'X-Csrftoken' HTTP header has invalid characters.",
    )
    assert.equal(
      reason(request({ headers: { 'x-csrftoken': 'a'.repeat(64) } })),
      "CSRF token from the 'X-Csrftoken' HTTP header incorrect.",
    )
  })

  it('does not accept the underscore spelling of the header', () => {
    assert.equal(
      reason(request({ headers: { 'x-csrftoken': undefined, x_csrftoken: TOKEN } })),
      'CSRF token missing.',
    )
  })

  it('reads the csrfmiddlewaretoken form field first on POST, labelled POST', () => {
    const form = (value: string): RequestBody => ({ kind: 'form', fields: { csrfmiddlewaretoken: [value] } })
    assert.equal(reason(request({ headers: { 'x-csrftoken': undefined }, body: form(TOKEN) })), undefined)
    assert.equal(reason(request({ body: form('a'.repeat(64)) })), 'CSRF token from POST incorrect.')
    assert.equal(reason(request({ body: form('abc') })), 'CSRF token from POST has incorrect length.')
  })
})

describe('checkCrossSite (login and refresh)', () => {
  const cross = (headers: HeaderMap) => checkCrossSite(request({ headers }), csrf).ok
  it('passes requests without Origin or Sec-Fetch-Site', () => assert.equal(cross({}), true))
  it('passes the own origin and trusted origins', () => {
    assert.equal(cross({ origin: 'http://api.example.com', 'sec-fetch-site': 'same-origin' }), true)
    assert.equal(cross({ origin: 'https://app.example.com', 'sec-fetch-site': 'same-site' }), true)
  })
  it('refuses untrusted origins and cross-site or same-site fetch metadata', () => {
    assert.equal(cross({ origin: 'https://evil.org' }), false)
    assert.equal(cross({ 'sec-fetch-site': 'cross-site' }), false)
    assert.equal(cross({ origin: 'https://blog.example.com', 'sec-fetch-site': 'same-site' }), false)
  })
  it('ignores unknown Sec-Fetch-Site values and none', () => {
    assert.equal(cross({ 'sec-fetch-site': 'bogus' }), true)
    assert.equal(cross({ 'sec-fetch-site': 'none' }), true)
  })
})
