import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AuthRequest, HeaderMap } from '../http.ts'
import { resolveOptions, type Settings } from '../options.ts'
import {
  checkReferer,
  isSameDomain,
  isTrustedOrigin,
  originVerified,
  requestHost,
  requestOrigin,
} from './check-origin.ts'

const DEFAULT_CSRF = resolveOptions({ secretKey: 'k' }).csrf

function csrf(overrides: Partial<Settings['csrf']> = {}): Settings['csrf'] {
  return { ...DEFAULT_CSRF, ...overrides }
}

function request(headers: HeaderMap, secure = false): AuthRequest {
  return { method: 'POST', path: '/x', headers, body: { kind: 'none' }, ip: '127.0.0.1', secure }
}

describe('requestHost and requestOrigin (Django get_host)', () => {
  it('keep a well-formed Host as sent, port and case included', () => {
    assert.equal(requestHost(request({ host: 'API.example.com:8443' })), 'API.example.com:8443')
    assert.equal(requestHost(request({ host: '[::1]:8000' })), '[::1]:8000')
  })

  it('build the origin from the transport and the Host', () => {
    assert.equal(requestOrigin(request({ host: 'www.example.com' })), 'http://www.example.com')
    assert.equal(requestOrigin(request({ host: 'www.example.com' }, true)), 'https://www.example.com')
  })

  it('refuse a missing, empty or malformed Host such as @malformed', () => {
    for (const host of [undefined, '', '@malformed', '.', 'a b', 'example.com:port', 'example.com/'])
      assert.equal(requestOrigin(request({ host })), undefined, String(host))
  })
})

describe('isSameDomain (Django is_same_domain)', () => {
  it('matches a host exactly, or a dotted pattern’s domain and subdomains', () => {
    assert.equal(isSameDomain('example.com', 'example.com'), true)
    assert.equal(isSameDomain('example.com', '.example.com'), true)
    assert.equal(isSameDomain('foo.example.com', '.example.com'), true)
    assert.equal(isSameDomain('example.com:8888', 'example.com:8888'), true)
    assert.equal(isSameDomain('foo.example.com:8888', '.example.com:8888'), true)
  })

  it('lower-cases only the pattern', () => {
    assert.equal(isSameDomain('example.com', 'EXAMPLE.com'), true)
    assert.equal(isSameDomain('EXAMPLE.com', 'example.com'), false)
  })

  it('refuses other hosts, other ports, look-alike suffixes and an empty pattern', () => {
    assert.equal(isSameDomain('example2.com', 'example.com'), false)
    assert.equal(isSameDomain('foo.example.com', 'example.com'), false)
    assert.equal(isSameDomain('example.com:9999', 'example.com:8888'), false)
    assert.equal(isSameDomain('foo.example.com:8888', '.example.com'), false)
    assert.equal(isSameDomain('evilexample.com', '.example.com'), false)
    assert.equal(isSameDomain('example.com', ''), false)
  })
})

describe('originVerified (Django _origin_verified)', () => {
  const trusted = ['https://app.example.com']
  const verified = (origin: string, secure = true, host = 'api.example.com') =>
    originVerified(request({ host }, secure), origin, trusted)

  it('accepts the request’s own origin over the matching scheme only', () => {
    assert.equal(verified('https://api.example.com'), true)
    assert.equal(verified('http://api.example.com', false), true)
    assert.equal(verified('http://api.example.com', true), false)
  })

  it('accepts an exactly trusted origin', () => {
    assert.equal(verified('https://app.example.com'), true)
  })

  it('refuses null and an unparsable https://[', () => {
    assert.equal(verified('null'), false)
    assert.equal(verified('https://['), false)
  })

  it('refuses a trusted host over another scheme or on another port', () => {
    assert.equal(verified('http://app.example.com'), false)
    assert.equal(verified('https://app.example.com:8443'), false)
  })

  it('refuses a trailing slash and an upper-case host: the comparison is exact', () => {
    assert.equal(verified('https://app.example.com/'), false)
    assert.equal(verified('https://APP.example.com'), false)
  })

  it('refuses look-alikes of a trusted origin', () => {
    assert.equal(verified('https://app.example.com.evil.net'), false)
    assert.equal(verified('https://evilapp.example.com'), false)
    assert.equal(verified('https://evil.org'), false)
  })

  it('never treats a malformed Host as the own origin (test_origin_malformed_host)', () => {
    assert.equal(verified('https://@malformed', true, '@malformed'), false)
  })
})

describe('isTrustedOrigin with Django wildcard entries', () => {
  const wildcard = ['https://*.example.com']

  it('accepts a subdomain, and the bare domain, over the entry’s scheme', () => {
    assert.equal(isTrustedOrigin('https://foo.example.com', wildcard), true)
    assert.equal(isTrustedOrigin('https://a.b.example.com', wildcard), true)
    assert.equal(isTrustedOrigin('https://example.com', wildcard), true)
  })

  it('refuses another scheme (test_bad_origin_csrf_trusted_origin_bad_protocol)', () => {
    const entries = [
      'http://no-match.com',
      'https://*.example.com',
      'http://*.no-match.com',
      'http://*.no-match-2.com',
    ]
    assert.equal(isTrustedOrigin('http://foo.example.com', entries), false)
  })

  it('refuses another port and look-alike suffixes', () => {
    assert.equal(isTrustedOrigin('https://foo.example.com:8443', wildcard), false)
    assert.equal(isTrustedOrigin('https://evilexample.com', wildcard), false)
    assert.equal(isTrustedOrigin('https://example.com.evil.net', wildcard), false)
  })

  it('refuses anything but a serialized origin, which Django would let through', () => {
    assert.equal(isTrustedOrigin('https://foo.example.com/', wildcard), false)
    assert.equal(isTrustedOrigin('https://foo.example.com/path', wildcard), false)
    assert.equal(isTrustedOrigin('https://user@foo.example.com', wildcard), false)
    assert.equal(isTrustedOrigin('HTTPS://foo.example.com', wildcard), false)
  })

  it('does not treat a wildcard entry as an exact one', () => {
    assert.equal(isTrustedOrigin('https://*.example.com', wildcard), false)
  })
})

describe('checkReferer (Django _check_referer)', () => {
  const referer = (value: string | undefined, settings = csrf(), host = 'www.example.com') =>
    checkReferer(request(value === undefined ? { host } : { host, referer: value }, true), settings)

  it('refuses a request with no Referer (test_https_no_referer)', () => {
    assert.equal(referer(undefined), 'Referer checking failed - no Referer.')
  })

  it('calls http://http://www.example.com/ insecure, as Django does', () => {
    assert.equal(
      referer('http://http://www.example.com/'),
      'Referer checking failed - Referer is insecure while host is secure.',
    )
  })

  it('calls the rest of test_https_malformed_referer malformed', () => {
    for (const value of ['', 'ØBöIß', '//example.com/', 'https://', 'https://['])
      assert.equal(referer(value), 'Referer checking failed - Referer is malformed.', value)
  })

  it('refuses an http Referer to an https request (test_https_reject_insecure_referer)', () => {
    assert.equal(
      referer('http://www.example.com/'),
      'Referer checking failed - Referer is insecure while host is secure.',
    )
  })

  it('accepts the request’s own host, with or without a path (test_https_good_referer, _2)', () => {
    assert.equal(referer('https://www.example.com/somepage'), undefined)
    assert.equal(referer('https://www.example.com'), undefined)
  })

  it('names a foreign Referer as Python’s geturl spells it (test_https_bad_referer)', () => {
    assert.equal(
      referer('https://www.evil.org/somepage'),
      'Referer checking failed - https://www.evil.org/somepage does not match any trusted origins.',
    )
    assert.equal(
      referer('HTTPS://www.evil.org/somepage?'),
      'Referer checking failed - https://www.evil.org/somepage does not match any trusted origins.',
    )
  })

  it('refuses look-alikes of the own host', () => {
    for (const value of ['https://www.example.com.evil.com/', 'https://evil.com/https://www.example.com/'])
      assert.equal(referer(value), `Referer checking failed - ${value} does not match any trusted origins.`)
  })

  it('refuses every Referer when the Host is malformed and nothing is trusted (test_https_malformed_host)', () => {
    assert.equal(
      referer('https://www.evil.org/somepage', csrf(), '@malformed'),
      'Referer checking failed - https://www.evil.org/somepage does not match any trusted origins.',
    )
  })

  it('accepts a trusted origin’s host even with a malformed Host (test_https_good_referer_malformed_host)', () => {
    const settings = csrf({ trustedOrigins: ['https://dashboard.example.com'] })
    assert.equal(referer('https://dashboard.example.com/somepage', settings, '@malformed'), undefined)
  })

  it('matches trusted origins by host, as Django’s csrf_trusted_origins_hosts does', () => {
    assert.equal(
      referer('https://dashboard.example.com', csrf({ trustedOrigins: ['https://dashboard.example.com'] })),
      undefined,
    )
    assert.equal(
      referer('https://dashboard.example.com', csrf({ trustedOrigins: ['https://*.example.com'] })),
      undefined,
    )
    // The scheme of the entry is not consulted: the Referer is already known to be https.
    assert.equal(
      referer('https://dashboard.example.com', csrf({ trustedOrigins: ['http://dashboard.example.com'] })),
      undefined,
    )
  })

  it('accepts the cookie domain instead of the own host when one is set', () => {
    const settings = csrf({ cookieDomain: '.example.com' })
    assert.equal(referer('https://foo.example.com/', settings), undefined)
    assert.equal(
      referer('https://foo.other.com/', settings),
      'Referer checking failed - https://foo.other.com/ does not match any trusted origins.',
    )
  })

  it('adds a non-default port to the cookie domain, taken from the Host the client addressed', () => {
    const settings = csrf({ cookieDomain: '.example.com' })
    assert.equal(referer('https://foo.example.com:4443/', settings, 'www.example.com:4443'), undefined)
    assert.equal(
      referer('https://foo.example.com/', settings, 'www.example.com:4443'),
      'Referer checking failed - https://foo.example.com/ does not match any trusted origins.',
    )
    assert.equal(referer('https://foo.example.com/', settings, 'www.example.com:443'), undefined)
  })
})
