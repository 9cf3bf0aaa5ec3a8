import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AuthRequest, HeaderMap } from '../http.ts'
import { resolveOptions, type Settings } from '../options.ts'
import { checkCrossSite } from './fetch-site.ts'

const CSRF: Settings['csrf'] = {
  ...resolveOptions({ secretKey: 'k' }).csrf,
  trustedOrigins: ['https://app.example.com', 'https://*.partner.example'],
}

function crossSite(headers: HeaderMap): string | undefined {
  const request: AuthRequest = {
    method: 'POST',
    path: '/accounts/auth/login/',
    headers: { host: 'api.example.com', ...headers },
    body: { kind: 'none' },
    ip: '127.0.0.1',
    secure: true,
  }
  const check = checkCrossSite(request, CSRF)
  return check.ok ? undefined : check.reason
}

describe('checkCrossSite', () => {
  it('passes a request with neither Origin nor Sec-Fetch-Site (curl, servers)', () => {
    assert.equal(crossSite({}), undefined)
  })

  it('passes the request’s own origin', () => {
    assert.equal(crossSite({ origin: 'https://api.example.com', 'sec-fetch-site': 'same-origin' }), undefined)
  })

  it('passes exactly trusted and wildcard-trusted origins', () => {
    assert.equal(crossSite({ origin: 'https://app.example.com' }), undefined)
    assert.equal(crossSite({ origin: 'https://shop.partner.example' }), undefined)
  })

  it('refuses an untrusted Origin with Django’s origin reason', () => {
    assert.equal(
      crossSite({ origin: 'https://evil.org' }),
      'Origin checking failed - https://evil.org does not match any trusted origins.',
    )
  })

  it('refuses Origin null', () => {
    assert.equal(
      crossSite({ origin: 'null' }),
      'Origin checking failed - null does not match any trusted origins.',
    )
  })

  it('refuses Sec-Fetch-Site: cross-site without an Origin', () => {
    assert.equal(
      crossSite({ 'sec-fetch-site': 'cross-site' }),
      'Fetch metadata checking failed - Sec-Fetch-Site is cross-site and the Origin is not trusted.',
    )
  })

  it('refuses Sec-Fetch-Site: cross-site even from the request’s own origin', () => {
    assert.notEqual(
      crossSite({ origin: 'https://api.example.com', 'sec-fetch-site': 'cross-site' }),
      undefined,
    )
  })

  it('passes Sec-Fetch-Site: cross-site from an explicitly trusted origin', () => {
    assert.equal(crossSite({ origin: 'https://app.example.com', 'sec-fetch-site': 'cross-site' }), undefined)
  })

  it('refuses Sec-Fetch-Site: same-site from a sibling subdomain that is not trusted (OWASP Fetch Metadata, trustSameSite = false)', () => {
    assert.equal(
      crossSite({ 'sec-fetch-site': 'same-site' }),
      'Fetch metadata checking failed - Sec-Fetch-Site is same-site and the Origin is not trusted.',
    )
    assert.notEqual(
      crossSite({ origin: 'https://api.example.com', 'sec-fetch-site': 'same-site' }),
      undefined,
    )
  })

  it('passes Sec-Fetch-Site: same-site from a trusted sibling', () => {
    assert.equal(crossSite({ origin: 'https://app.example.com', 'sec-fetch-site': 'same-site' }), undefined)
  })

  it('lets none, same-origin and unknown values fall through to the Origin check', () => {
    for (const site of ['none', 'same-origin', 'bogus', 'Cross-Site']) {
      assert.equal(crossSite({ 'sec-fetch-site': site }), undefined, site)
      assert.notEqual(crossSite({ 'sec-fetch-site': site, origin: 'https://evil.org' }), undefined, site)
    }
  })
})
