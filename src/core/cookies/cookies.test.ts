import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toAuthRequest } from '../http/request.ts'
import type { HeaderMap } from '../http.ts'
import { CookieJar, cookiesOf } from './cookie-jar.ts'
import { serializeSetCookie } from './set-cookie.ts'

/** One cookie of a request with these headers, through a jar of its own. */
function readCookie(headers: HeaderMap, name: string) {
  return new CookieJar(headers.cookie).get(name)
}

describe('CookieJar', () => {
  it('reads a value verbatim by exact name', () => {
    assert.deepEqual(readCookie({ cookie: 'a=1; access_token=x.y.z; b=2' }, 'access_token'), {
      kind: 'value',
      value: 'x.y.z',
    })
    assert.deepEqual(readCookie({ cookie: 'Access_Token=x' }, 'access_token'), { kind: 'absent' })
    assert.deepEqual(readCookie({ cookie: 'access_token="x"' }, 'access_token'), {
      kind: 'value',
      value: '"x"',
    })
  })
  it('treats an empty value, a nameless cookie and no header as absent', () => {
    assert.deepEqual(readCookie({ cookie: 'access_token=' }, 'access_token'), { kind: 'absent' })
    assert.deepEqual(readCookie({ cookie: '=access_token=x' }, 'access_token'), { kind: 'absent' })
    assert.deepEqual(readCookie({}, 'access_token'), { kind: 'absent' })
  })
  it('reports a name sent twice, in one header or across several', () => {
    assert.deepEqual(readCookie({ cookie: 'a=1; a=2' }, 'a'), { kind: 'duplicate' })
    assert.deepEqual(readCookie({ cookie: ['a=1', 'a=2'] }, 'a'), { kind: 'duplicate' })
  })
  it('reads several names from one jar, and each request from its own header', () => {
    const jar = new CookieJar('csrftoken=c; access_token=a; csrftoken=d')
    assert.deepEqual(jar.get('access_token'), { kind: 'value', value: 'a' })
    assert.deepEqual(jar.get('csrftoken'), { kind: 'duplicate' })
    assert.deepEqual(jar.get('access_token'), { kind: 'value', value: 'a' })
    assert.deepEqual(jar.get('refresh_token'), { kind: 'absent' })
    assert.deepEqual(readCookie({ cookie: 'csrftoken=e' }, 'csrftoken'), { kind: 'value', value: 'e' })
  })
  it('is made once a request: the Cookie header is read one time, however many cookies the flows read', () => {
    let reads = 0
    const headers = {
      host: 'api.example.com',
      get cookie() {
        reads++
        return 'csrftoken=c; access_token=a; refresh_token=r'
      },
    }
    const request = toAuthRequest({
      method: 'POST',
      url: '/accounts/auth/logout/',
      headers,
      ip: '',
      secure: true,
    })
    assert.equal(reads, 0, 'nothing is read before a flow asks for a cookie')
    assert.deepEqual(cookiesOf(request).get('csrftoken'), { kind: 'value', value: 'c' })
    assert.deepEqual(cookiesOf(request).get('access_token'), { kind: 'value', value: 'a' })
    assert.deepEqual(cookiesOf(request).get('refresh_token'), { kind: 'value', value: 'r' })
    assert.equal(reads, 1)
  })
  it('gives a request built by hand, without a jar, one jar for its lifetime', () => {
    const request = {
      method: 'POST',
      path: '/accounts/auth/logout/',
      headers: { cookie: 'refresh_token=r' },
      body: { kind: 'none' },
      ip: '',
      secure: true,
    } as const
    assert.equal(cookiesOf(request), cookiesOf(request))
    assert.deepEqual(cookiesOf(request).get('refresh_token'), { kind: 'value', value: 'r' })
  })
  it('trims names and values as String.prototype.trim does, spaces or not', () => {
    const read = (cookie: string) => readCookie({ cookie }, 'ab')
    assert.deepEqual(read(' ab = v1 ;x=1'), { kind: 'value', value: 'v1' })
    assert.deepEqual(read('\tab\u00a0=\u3000v1\t'), { kind: 'value', value: 'v1' })
    assert.deepEqual(read('a b=1'), { kind: 'absent' })
    assert.deepEqual(read('x=1;  \u00a0ab=2'), { kind: 'value', value: '2' })
  })
  it('reads whatever header as splitting on ";" and "=" and trimming each part would', () => {
    // The plain reading, against which the copy-free one is checked on random headers.
    const plain = (text: string, name: string) => {
      const values = text
        .split(';')
        .filter((pair) => pair.includes('='))
        .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()])
        .filter(([key]) => key === name)
        .map(([, value]) => value)
      if (values.length > 1) return { kind: 'duplicate' }
      return values[0] ? { kind: 'value', value: values[0] } : { kind: 'absent' }
    }
    const alphabet = ['a', 'b', 'ab', '=', ';', ' ', '\t', '\u00a0', '\ufeff', 'x']
    let seed = 7
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed
    }
    for (let i = 0; i < 5000; i++) {
      let text = ''
      for (let n = next() % 12; n > 0; n--) text += alphabet[next() % alphabet.length]
      assert.deepEqual(readCookie({ cookie: text }, 'ab'), plain(text, 'ab'), JSON.stringify(text))
    }
  })
  it('does not touch the prototype for __proto__ cookies', () => {
    readCookie({ cookie: '__proto__=x; constructor=y' }, 'a')
    assert.equal(({} as Record<string, unknown>).x, undefined)
  })
})

describe('serializeSetCookie', () => {
  const base = {
    name: 'n',
    value: 'v',
    maxAge: 900,
    path: '/',
    domain: null,
    secure: false,
    httpOnly: true,
    sameSite: 'Lax',
  } as const
  it('writes attributes in Django’s order', () => {
    assert.equal(
      serializeSetCookie({ ...base, domain: 'example.com', secure: true }, Date.UTC(2026, 10, 22, 10, 11, 3)),
      'n=v; Domain=example.com; expires=Sun, 22 Nov 2026 10:26:03 GMT; HttpOnly; Max-Age=900; Path=/; SameSite=Lax; Secure',
    )
  })
  it('writes a deletion as Django’s delete_cookie does', () => {
    assert.equal(
      serializeSetCookie({ ...base, maxAge: 0, httpOnly: false }, 0),
      'n=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=Lax',
    )
  })

  it('refuses to write an attribute that would smuggle text into the header', () => {
    assert.throws(() => serializeSetCookie({ ...base, domain: 'example.com; SameSite=None' }, 0), /Domain/)
    assert.throws(() => serializeSetCookie({ ...base, path: '/; Secure' }, 0), /Path/)
    assert.throws(() => serializeSetCookie({ ...base, value: 'a;b' }, 0), /value/)
  })
})
