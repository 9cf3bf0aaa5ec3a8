import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from './helpers/test-server.ts'

const LOGIN = '/accounts/auth/login/'
const PASSWORD = 'a-long-enough-passphrase'

describe('usernames at login: one normal form for the lookup and the limits', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer({
      loginLimits: { perUserAndIp: '3/1m', perUser: '5/1h', perIp: '1000/5m' },
    })
    // Two accounts Django allowed before its case-insensitive check on create (imported users keep their names).
    for (const username of ['Bob', 'bob', 'Ｚｏë']) {
      const hash = await server.core.hasher.hash(PASSWORD)
      await server.stores.users.create({ username: username.normalize('NFKC'), passwordHash: hash }, 0)
    }
  })
  after(() => server.close())

  const attempt = (username: string, password: string, ip = '10.9.0.1') =>
    server.app.inject({ method: 'POST', url: LOGIN, payload: { username, password }, remoteAddress: ip })

  it('failures for one name never lock out a user whose name differs only in case', async () => {
    for (let i = 0; i < 5; i++) await attempt('Bob', `guess-${i}`, `10.9.1.${i}`)
    assert.equal((await attempt('Bob', PASSWORD, '10.9.1.100')).statusCode, 429, 'Bob is throttled')
    assert.equal((await attempt('bob', PASSWORD, '10.9.1.100')).statusCode, 200, 'bob is not')
  })

  it('a compatibility form of a name is the same user and the same counter', async () => {
    assert.equal((await attempt('Ｚｏë', PASSWORD)).statusCode, 200)
    assert.equal((await attempt('Zoë', PASSWORD)).statusCode, 200)
    for (let i = 0; i < 3; i++) await attempt('Ｚｏë', `guess-${i}`, '10.9.2.1')
    assert.equal((await attempt('Zoë', PASSWORD, '10.9.2.1')).statusCode, 429, 'both forms count on one key')
  })

  it('a name in another case is not the user (usernames stay case-sensitive)', async () => {
    assert.equal((await attempt('BOB', PASSWORD, '10.9.3.1')).statusCode, 403)
  })
})
