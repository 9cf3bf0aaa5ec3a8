import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { jwtPayload } from './helpers/cookies.ts'
import { openPostgresTestStores, TEST_DATABASE_URL } from './helpers/postgres.ts'
import { cookieAuth, loginAs, SECRET, startTestServer, type TestServer } from './helpers/test-server.ts'

/**
 * Random bytes in every path parameter, token claim, cookie and body field, against a server on SQLite and on
 * PostgreSQL: whatever comes in, the answer is never a 5xx (a NUL byte once made PostgreSQL answer 500). The seed
 * is fixed, so a failure names a case that replays exactly.
 */
const SEED = 0x1a7c4e11
const CASES = 45
/** The claims a flow looks up: each token case makes one of them hostile, in turn. */
const CLAIMS = ['sid', 'jti', 'user_id'] as const

/** mulberry32: a small deterministic generator, enough to pick cases. */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Random = () => number
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
const bytes = (random: Random, length: number) =>
  Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)))

/** A hostile string: NUL bytes, lone surrogates, invalid UTF-8 read as Latin-1, control characters, huge ones. */
function hostileString(random: Random): string {
  const hex32 = bytes(random, 16).toString('hex')
  return pick(random, [
    () => '\u0000',
    () => `${hex32.slice(0, 31)}\u0000`,
    () => `a\u0000b`,
    () => '\ud800',
    () => `${hex32}\udfff`,
    () => bytes(random, 1 + Math.floor(random() * 64)).toString('latin1'),
    () => bytes(random, 1 + Math.floor(random() * 64)).toString('utf8'),
    () => 'x'.repeat(100_000),
    () => hex32.toUpperCase(),
    () => `${hex32}0`,
    () => "' OR 1=1 --",
    () => '../../etc/passwd',
    () => '%00',
    () => '',
    () => ' ',
    () => 'é'.repeat(200),
  ])()
}

/** A hostile claim value: a hostile string, or a value of the wrong type or range. */
function hostileValue(random: Random): unknown {
  if (random() < 0.6) return hostileString(random)
  return pick(random, [
    () => hostileString(random),
    () => 2 ** 31,
    () => 2 ** 53,
    () => -1,
    () => 1e308,
    () => 0.5,
    () => null,
    () => [],
    () => ({}),
    () => true,
    () => '99999999999999',
  ])()
}

/** Values known to trip a database or a parser, tried in every claim before the random ones. */
const EDGE_VALUES: readonly unknown[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x'.repeat(100_000),
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  '99999999999999',
  -1,
  0,
]

/** Percent-encodes arbitrary bytes for a URL path segment, NUL and invalid UTF-8 included. */
function pathSegment(random: Random): string {
  const raw =
    random() < 0.5
      ? Buffer.from(hostileString(random).slice(0, 2000), 'utf8')
      : bytes(random, 1 + Math.floor(random() * 40))
  return [...raw].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')
}

/** An HS256 JWT over a payload given as raw bytes (so it may be invalid UTF-8 or invalid JSON). */
function jwtOver(payload: Buffer): string {
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')
  const input = `${header}.${payload.toString('base64url')}`
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`
}

/** A validly signed token whose `field` claim is hostile; one in ten is a signed payload of raw bytes instead. */
function hostileToken(
  random: Random,
  type: 'access' | 'refresh',
  valid: Record<string, unknown>,
  field: string,
): string {
  if (random() < 0.1) return jwtOver(bytes(random, 1 + Math.floor(random() * 80)))
  const claims: Record<string, unknown> = { ...valid, token_type: type }
  claims[field] = hostileValue(random)
  return jwtOver(Buffer.from(JSON.stringify(claims)))
}

function fuzzSuite(name: string, open: () => Promise<{ server: TestServer; close(): Promise<void> }>) {
  describe(`fuzzing every input on ${name}: never a 5xx`, () => {
    let server: TestServer
    let close: () => Promise<void>
    let alice: Awaited<ReturnType<typeof loginAs>>
    let accessClaims: Record<string, unknown>
    let refreshClaims: Record<string, unknown>
    before(async () => {
      ;({ server, close } = await open())
      alice = await loginAs(server.app)
      accessClaims = jwtPayload(alice.access)
      refreshClaims = jwtPayload(alice.refresh)
    })
    after(() => close())

    const expectNo5xx = (res: LightMyRequestResponse, what: string) => {
      assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    }

    it('session ids in DELETE /accounts/sessions/{id}/', async () => {
      const random = generator(SEED)
      for (let i = 0; i < CASES; i++) {
        const segment = pathSegment(random)
        const res = await server.app.inject({
          method: 'DELETE',
          url: `/accounts/sessions/${segment}/`,
          headers: { authorization: `Bearer ${alice.access}` },
        })
        expectNo5xx(res, `case ${i} ${segment.slice(0, 80)}`)
      }
    })

    it('known edge values in sid, jti and user_id of both tokens', async () => {
      for (const field of CLAIMS)
        for (const value of EDGE_VALUES) {
          const what = `${field}=${JSON.stringify(value).slice(0, 20)}`
          const refreshToken = jwtOver(Buffer.from(JSON.stringify({ ...refreshClaims, [field]: value })))
          const accessToken = jwtOver(Buffer.from(JSON.stringify({ ...accessClaims, [field]: value })))
          for (const url of ['/accounts/auth/refresh_token/', '/accounts/auth/logout/'])
            expectNo5xx(
              await server.app.inject({
                method: 'POST',
                url,
                headers: cookieAuth({ refresh_token: refreshToken }, alice.csrf),
              }),
              `${url} ${what}`,
            )
          expectNo5xx(
            await server.app.inject({
              method: 'GET',
              url: '/accounts/user/',
              headers: { authorization: `Bearer ${accessToken}` },
            }),
            `access ${what}`,
          )
        }
    })

    it('known edge values in every body field of login and password change', async () => {
      for (const value of EDGE_VALUES)
        for (const [url, fields] of [
          ['/accounts/auth/login/', ['username', 'password']],
          ['/accounts/password/change/', ['old_password', 'new_password']],
        ] as const)
          for (const field of fields) {
            const res = await server.app.inject({
              method: 'POST',
              url,
              headers: { authorization: `Bearer ${alice.access}`, 'content-type': 'application/json' },
              payload: JSON.stringify({ [fields[0]]: 'alice', [fields[1]]: 'x', [field]: value }),
            })
            expectNo5xx(res, `${url} ${field}=${JSON.stringify(value).slice(0, 20)}`)
            server.clock.advance(3_600_000)
          }
    })

    it('sid, jti and user_id of the refresh token, on refresh and on logout', async () => {
      const random = generator(SEED + 1)
      for (let i = 0; i < CASES; i++) {
        const token = hostileToken(random, 'refresh', refreshClaims, CLAIMS[i % CLAIMS.length] ?? 'sid')
        const refresh = await server.app.inject({
          method: 'POST',
          url: '/accounts/auth/refresh_token/',
          headers: { cookie: `refresh_token=${token}` },
        })
        expectNo5xx(refresh, `refresh case ${i}`)
        const logout = await server.app.inject({
          method: 'POST',
          url: '/accounts/auth/logout/',
          headers: cookieAuth({ refresh_token: token }, alice.csrf),
        })
        expectNo5xx(logout, `logout case ${i}`)
      }
    })

    it('sid, jti and user_id of the access token, as Bearer and as cookie', async () => {
      const random = generator(SEED + 2)
      for (let i = 0; i < CASES; i++) {
        const token = hostileToken(random, 'access', accessClaims, CLAIMS[i % CLAIMS.length] ?? 'sid')
        for (const headers of [{ authorization: `Bearer ${token}` }, { cookie: `access_token=${token}` }]) {
          const res = await server.app.inject({ method: 'GET', url: '/accounts/sessions/', headers })
          expectNo5xx(res, `case ${i}`)
        }
      }
    })

    it('login fields, as JSON strings, other JSON values and raw bytes', async () => {
      const random = generator(SEED + 3)
      for (let i = 0; i < CASES; i++) {
        const payload =
          random() < 0.3
            ? bytes(random, 1 + Math.floor(random() * 200))
            : JSON.stringify({ username: hostileValue(random), password: hostileValue(random) })
        const res = await server.app.inject({
          method: 'POST',
          url: '/accounts/auth/login/',
          headers: { 'content-type': 'application/json' },
          payload,
        })
        expectNo5xx(res, `case ${i}`)
        // The limits count these failures too: start each case from a clean slate.
        server.clock.advance(3_600_000)
      }
    })

    it('password-change fields', async () => {
      const random = generator(SEED + 4)
      for (let i = 0; i < CASES; i++) {
        const res = await server.app.inject({
          method: 'POST',
          url: '/accounts/password/change/',
          headers: { authorization: `Bearer ${alice.access}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ old_password: hostileValue(random), new_password: hostileValue(random) }),
        })
        expectNo5xx(res, `case ${i}`)
        server.clock.advance(3_600_000)
      }
    })

    it('cookie values', async () => {
      const random = generator(SEED + 5)
      for (let i = 0; i < CASES; i++) {
        const value = pathSegment(random).slice(0, 6000)
        const name = pick(random, ['access_token', 'refresh_token', 'csrftoken'])
        const res = await server.app.inject({
          method: 'POST',
          url: '/accounts/auth/refresh_token/',
          headers: { cookie: `${name}=${value}` },
        })
        expectNo5xx(res, `case ${i} ${name}`)
      }
    })
  })
}

fuzzSuite('SQLite', async () => {
  const server = await startTestServer({ accessTokenLifetime: '30d', refreshTokenLifetime: '60d' })
  return { server, close: () => server.close() }
})

fuzzSuite('PostgreSQL', async () => {
  const schema = await openPostgresTestStores(2)
  const server = await startTestServer(
    { accessTokenLifetime: '30d', refreshTokenLifetime: '60d' },
    `${TEST_DATABASE_URL}?schema=${schema.schema}`,
  )
  return {
    server,
    async close() {
      await server.close()
      await schema.close()
    },
  }
})
