import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isLoopbackHost, registrableDomain, siteRelation } from './site.ts'

describe('sites as browsers judge them', () => {
  it('takes the last two labels, three under a known multi-label suffix; IPs and localhost stand alone', () => {
    assert.equal(registrableDomain('api.example.com'), 'example.com')
    assert.equal(registrableDomain('a.b.example.co.uk'), 'example.co.uk')
    assert.equal(registrableDomain('me.github.io'), 'me.github.io')
    assert.equal(registrableDomain('127.0.0.1'), '127.0.0.1')
    assert.equal(registrableDomain('localhost'), 'localhost')
    assert.equal(registrableDomain('app.localhost'), 'app.localhost')
  })

  it('relates origins schemefully', () => {
    assert.equal(siteRelation('https://a.example.com', 'https://a.example.com'), 'same-origin')
    assert.equal(siteRelation('https://app.example.com', 'https://api.example.com'), 'same-site')
    assert.equal(siteRelation('http://localhost:5173', 'http://localhost:8000'), 'same-site')
    assert.equal(siteRelation('http://localhost:5173', 'http://127.0.0.1:8000'), 'cross-site')
    assert.equal(siteRelation('http://app.other.test', 'http://api.dev.test'), 'cross-site')
    assert.equal(siteRelation('http://app.example.com', 'https://api.example.com'), 'cross-site')
    assert.equal(siteRelation('https://alice.github.io', 'https://bob.github.io'), 'cross-site')
    assert.equal(siteRelation('not an origin', 'https://x.com'), undefined)
  })

  it('knows which hosts keep Secure cookies over plain http', () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]'])
      assert.ok(isLoopbackHost(host), host)
    for (const host of ['api.dev.test', '10.0.0.1', 'localhost.example.com'])
      assert.ok(!isLoopbackHost(host), host)
  })
})
