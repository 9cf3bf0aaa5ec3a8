import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { joinUrl, splitUrl } from './url-split.ts'

function split(text: string): readonly string[] | undefined {
  const url = splitUrl(text)
  return url === undefined ? undefined : [url.scheme, url.netloc, url.path, url.query, url.fragment]
}

describe('splitUrl (Python 3.12 urlsplit)', () => {
  it('splits a full URL, lower-casing only the scheme', () => {
    assert.deepEqual(split('HTTPS://Example.com:8443/a/b?c=1#d'), [
      'https',
      'Example.com:8443',
      '/a/b',
      'c=1',
      'd',
    ])
  })

  it('reads http://http://www.example.com/ as the host "http:", as Django’s test comments it', () => {
    assert.deepEqual(split('http://http://www.example.com/'), ['http', 'http:', '//www.example.com/', '', ''])
  })

  it('finds no scheme in //example.com/ and no netloc in https://', () => {
    assert.deepEqual(split('//example.com/'), ['', 'example.com', '/', '', ''])
    assert.deepEqual(split('https://'), ['https', '', '', '', ''])
  })

  it('reads an empty or non-URL string as a bare path', () => {
    assert.deepEqual(split(''), ['', '', '', '', ''])
    assert.deepEqual(split('ØBöIß'), ['', '', 'ØBöIß', '', ''])
  })

  it('takes no scheme from text whose first character is not a letter', () => {
    assert.deepEqual(split('1http://x'), ['', '', '1http://x', '', ''])
  })

  it('fails on unbalanced brackets, like https://[', () => {
    assert.equal(splitUrl('https://['), undefined)
    assert.equal(splitUrl('https://a]b/'), undefined)
  })

  it('accepts bracketed IPv6 and IPvFuture hosts, and refuses bracketed IPv4 or garbage', () => {
    assert.deepEqual(split('https://[::1]:8000/'), ['https', '[::1]:8000', '/', '', ''])
    assert.deepEqual(split('https://[v1.x]/'), ['https', '[v1.x]', '/', '', ''])
    assert.equal(splitUrl('https://[1.2.3.4]/'), undefined)
    assert.equal(splitUrl('https://[nothost]/'), undefined)
  })

  it('strips leading spaces and control characters and deletes tabs and newlines', () => {
    assert.deepEqual(split(' \u0001https://a.example/\tx'), ['https', 'a.example', '/x', '', ''])
  })

  it('fails on a netloc that gains a delimiter under NFKC normalisation (CVE-2019-9636)', () => {
    assert.equal(splitUrl('https://example.com\u2100evil/'), undefined)
    assert.deepEqual(split('https://bücher.example/'), ['https', 'bücher.example', '/', '', ''])
  })
})

describe('joinUrl (Python geturl)', () => {
  it('drops an empty query and fragment and keeps the lower-cased scheme', () => {
    const url = splitUrl('HTTPS://www.evil.org/page?#')
    assert.ok(url)
    assert.equal(joinUrl(url), 'https://www.evil.org/page')
  })

  it('rebuilds a URL with query and fragment unchanged', () => {
    const url = splitUrl('https://evil.com/https://app.example.com/?a=b#c')
    assert.ok(url)
    assert.equal(joinUrl(url), 'https://evil.com/https://app.example.com/?a=b#c')
  })
})
