import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createServer } from '../src/server/create-server.ts'
import { ALICE, FAST_HASHING, SECRET, startTestServer, type TestServer } from './helpers/test-server.ts'

const LOGIN = '/accounts/auth/login/'

describe('brute-force limits on login', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer({ loginLimits: { perUserAndIp: '5/1m', perUser: '8/1h', perIp: '12/5m' } })
  })
  after(() => server.close())

  const attempt = (
    username: string,
    password: string,
    ip = '10.0.0.1',
    headers: Record<string, string> = {},
  ) =>
    server.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { username, password },
      remoteAddress: ip,
      headers,
    })

  it('throttles a username+IP after 5 failures, refuses even the right password, and lets it in after the window', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await attempt('alice', `guess-${i}`)).statusCode, 403)
    const throttled = await attempt('alice', ALICE.password)
    assert.equal(throttled.statusCode, 429)
    assert.equal(throttled.json().code, 'throttled')
    assert.match(throttled.json().detail, /^Request was throttled\. Expected available in \d+ seconds\.$/)
    assert.ok(Number(throttled.headers['retry-after']) > 0)
    assert.equal(throttled.headers['set-cookie'], undefined)
    assert.equal(
      (await attempt('alice', ALICE.password, '10.0.0.2')).statusCode,
      200,
      'another IP is not locked out',
    )
    server.clock.advance(61_000)
    assert.equal((await attempt('alice', ALICE.password)).statusCode, 200)
  })

  it('counts an unknown username exactly like a known one (no enumeration through the limiter)', async () => {
    for (let i = 0; i < 5; i++) await attempt('nobody-here', `guess-${i}`, '10.0.1.1')
    const res = await attempt('nobody-here', 'x', '10.0.1.1')
    assert.equal(res.statusCode, 429)
  })

  it('caps failures per account from any address', async () => {
    server.clock.advance(3_600_000)
    for (let i = 0; i < 8; i++) await attempt('admin', `guess-${i}`, `10.1.0.${i}`)
    assert.equal((await attempt('admin', 'admin-local-pass', '10.1.0.200')).statusCode, 429)
  })

  it('caps failures per IP across many usernames (credential stuffing)', async () => {
    server.clock.advance(3_600_000)
    for (let i = 0; i < 12; i++) await attempt(`user-${i}`, 'Password1', '10.2.0.1')
    assert.equal((await attempt('alice', ALICE.password, '10.2.0.1')).statusCode, 429)
  })

  it('counts against the socket address, ignoring X-Forwarded-For without trustProxy', async () => {
    server.clock.advance(3_600_000)
    for (let i = 0; i < 5; i++)
      await attempt('alice', `guess-${i}`, '10.3.0.1', { 'x-forwarded-for': `1.2.3.${i}` })
    assert.equal(
      (await attempt('alice', ALICE.password, '10.3.0.1', { 'x-forwarded-for': '9.9.9.9' })).statusCode,
      429,
    )
  })

  it('throttles password change guesses too', async () => {
    server.clock.advance(3_600_000)
    const login = await attempt('alice', ALICE.password, '10.4.0.1')
    const access = /access_token=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1] ?? ''
    const change = () =>
      server.app.inject({
        method: 'POST',
        url: '/accounts/password/change/',
        remoteAddress: '10.4.0.1',
        headers: { authorization: `Bearer ${access}` },
        payload: { old_password: 'wrong', new_password: 'a brand new passphrase 42' },
      })
    for (let i = 0; i < 5; i++) assert.equal((await change()).statusCode, 400)
    assert.equal((await change()).statusCode, 429)
  })
})

describe('client address behind a proxy', () => {
  const sessionsIp = async (trustProxy: boolean | readonly string[] | undefined) => {
    const server = await startTestServer()
    const proxied = await createServer({
      options: {
        secretKey: SECRET,
        passwordHashing: FAST_HASHING,
      },
      stores: server.stores,
      ...(trustProxy !== undefined && { trustProxy }),
    })
    try {
      const login = await proxied.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: ALICE,
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.7' },
      })
      const access = /access_token=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1] ?? ''
      const list = await proxied.app.inject({
        method: 'GET',
        url: '/accounts/sessions/',
        headers: { authorization: `Bearer ${access}` },
      })
      return (list.json() as { ip: string; current: boolean }[]).find((s) => s.current)?.ip
    } finally {
      await proxied.app.close()
      await server.close()
    }
  }

  it('is the socket address unless a proxy is trusted', async () => {
    assert.equal(await sessionsIp(undefined), '127.0.0.1')
    assert.equal(await sessionsIp(['127.0.0.1']), '203.0.113.7')
    assert.equal(await sessionsIp(['10.0.0.1']), '127.0.0.1', 'an untrusted peer cannot claim an address')
  })
})
