import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isAllowedHost } from './allowed-host.ts'

describe('allowed hosts (Django validate_host)', () => {
  it('allows any host when the list is empty', () => assert.equal(isAllowedHost('evil.org', []), true))
  it('matches exactly, ignoring case and the port', () => {
    assert.equal(isAllowedHost('API.example.com:8443', ['api.example.com']), true)
    assert.equal(isAllowedHost('evil.org', ['api.example.com']), false)
    assert.equal(isAllowedHost('api.example.com.evil.org', ['api.example.com']), false)
  })
  it('matches subdomains for a leading-dot pattern', () => {
    assert.equal(isAllowedHost('a.example.com', ['.example.com']), true)
    assert.equal(isAllowedHost('example.com', ['.example.com']), true)
    assert.equal(isAllowedHost('badexample.com', ['.example.com']), false)
  })
  it('refuses a missing or malformed Host', () => {
    assert.equal(isAllowedHost(undefined, ['a']), false)
    assert.equal(isAllowedHost('@malformed', ['malformed']), false)
  })
})
