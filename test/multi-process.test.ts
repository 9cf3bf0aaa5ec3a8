import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createPasswordHasher } from '../src/core/passwords/password-hasher.ts'
import { TEST_REDIS_URL, within } from './helpers/cluster.ts'
import { openPostgresTestStores, TEST_DATABASE_URL } from './helpers/postgres.ts'
import { type SpawnedServer, spawnServer } from './helpers/spawn-server.ts'
import { ALICE, FAST_HASHING, SECRET } from './helpers/test-server.ts'

interface Tokens {
  access: string
  refresh: string
  csrf: string
}

function cookieValue(response: Response, name: string): string | undefined {
  for (const line of response.headers.getSetCookie())
    if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';')[0]
  return undefined
}

async function login(url: string): Promise<Tokens> {
  const res = await fetch(`${url}/accounts/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ALICE),
  })
  assert.equal(res.status, 200, await res.text())
  return {
    access: cookieValue(res, 'access_token') ?? '',
    refresh: cookieValue(res, 'refresh_token') ?? '',
    csrf: cookieValue(res, 'csrftoken') ?? '',
  }
}

const me = (url: string, access: string) =>
  fetch(`${url}/accounts/user/`, { headers: { authorization: `Bearer ${access}` } })
const refresh = (url: string, token: string) =>
  fetch(`${url}/accounts/auth/refresh_token/`, {
    method: 'POST',
    headers: { cookie: `refresh_token=${token}` },
  })
const logout = (url: string, t: Tokens) =>
  fetch(`${url}/accounts/auth/logout/`, {
    method: 'POST',
    headers: { cookie: `refresh_token=${t.refresh}; csrftoken=${t.csrf}`, 'x-csrftoken': t.csrf },
  })

describe('three server processes on one PostgreSQL and Redis', () => {
  let stores: Awaited<ReturnType<typeof openPostgresTestStores>>
  let env: Record<string, string>
  let servers: SpawnedServer[] = []
  const url = (i: number) => (servers[i] as SpawnedServer).url

  before(async () => {
    stores = await openPostgresTestStores(2)
    const hasher = createPasswordHasher(FAST_HASHING)
    await stores.users.create(
      { username: ALICE.username, passwordHash: await hasher.hash(ALICE.password) },
      Date.now(),
    )
    env = {
      LATCHKEY_DATABASE_URL: `${TEST_DATABASE_URL}?schema=${stores.schema}`,
      LATCHKEY_REDIS_URL: TEST_REDIS_URL,
      LATCHKEY_SECRET_KEY: SECRET,
      LATCHKEY_REFRESH_GRACE_WINDOW: '1s',
      LATCHKEY_LOGIN_LIMIT_USER_IP: '1000/1m',
      LATCHKEY_LOGIN_LIMIT_USER: '1000/1h',
      LATCHKEY_LOGIN_LIMIT_IP: '1000/5m',
    }
    servers = await Promise.all([spawnServer(env), spawnServer(env), spawnServer(env)])
  })
  after(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')))
    await stores.close()
  })

  it('a login on A is valid on B and C; a logout on A refuses its tokens on B within one second', async () => {
    const t = await login(url(0))
    assert.equal((await me(url(1), t.access)).status, 200)
    assert.equal((await me(url(2), t.access)).status, 200)
    assert.equal((await logout(url(0), t)).status, 200)
    const took = await within(1000, async () => (await me(url(1), t.access)).status === 401)
    assert.ok(took <= 1000)
    assert.equal((await refresh(url(1), t.refresh)).status, 401)
  })

  it('20 concurrent refreshes of one token over A, B and C all succeed with one successor and one rotation', async () => {
    const t = await login(url(0))
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => refresh(url(i % 3), t.refresh)))
    for (const res of answers) assert.equal(res.status, 200)
    const successors = new Set(answers.map((res) => cookieValue(res, 'refresh_token')))
    assert.equal(successors.size, 1)
    const sid = JSON.parse(Buffer.from(t.refresh.split('.')[1] ?? '', 'base64url').toString()).sid as string
    const row = await stores.sessions.get(sid)
    const oldJti = JSON.parse(Buffer.from(t.refresh.split('.')[1] ?? '', 'base64url').toString()).jti
    assert.equal(
      row?.previousJti,
      oldJti,
      'exactly one rotation: the presented token is the only previous one',
    )
  })

  it('a replay after the grace window on C revokes the session everywhere', async () => {
    const t = await login(url(0))
    const first = await refresh(url(1), t.refresh)
    const newest = cookieValue(first, 'refresh_token') ?? ''
    const newestAccess = cookieValue(first, 'access_token') ?? ''
    // The grace window (1 s here) runs on the service clock, whose heartbeat may add up to one beat (1 s) when an
    // instance starts (README, Sessions): past grace plus one beat, the replay must be caught.
    await new Promise((resolve) => setTimeout(resolve, 2200))
    assert.equal((await refresh(url(2), t.refresh)).status, 401)
    assert.equal((await refresh(url(0), newest)).status, 401)
    await within(
      1000,
      async () =>
        (await me(url(0), newestAccess)).status === 401 && (await me(url(1), newestAccess)).status === 401,
    )
  })

  it('a SIGKILLed process loses no session while the others keep serving, and a full restart keeps live and revoked tokens as they were', async () => {
    const sessions = await Promise.all(Array.from({ length: 6 }, (_, i) => login(url(i % 3))))
    const revoked = await login(url(0))
    assert.equal((await logout(url(0), revoked)).status, 200)
    let failures = 0
    let served = 0
    let loading = true
    const load = (async () => {
      for (let i = 0; loading; i++) {
        const s = sessions[i % sessions.length] as Tokens
        const res = await me(url(1 + (i % 2)), s.access)
        served++
        if (res.status !== 200) failures++
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await (servers[0] as SpawnedServer).stop('SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 300))
    loading = false
    await load
    assert.equal(failures, 0, `${failures} of ${served} failed on the surviving instances`)
    for (const s of sessions) {
      const res = await refresh(url(1), s.refresh)
      assert.equal(res.status, 200, 'no session was lost')
      s.refresh = cookieValue(res, 'refresh_token') ?? ''
      s.access = cookieValue(res, 'access_token') ?? ''
    }
    await Promise.all(servers.slice(1).map((s) => s.stop('SIGTERM')))
    servers = await Promise.all([spawnServer(env), spawnServer(env), spawnServer(env)])
    for (const s of sessions) {
      assert.equal((await me(url(2), s.access)).status, 200, 'live access tokens still work')
      assert.equal((await refresh(url(0), s.refresh)).status, 200, 'live refresh tokens still work')
    }
    assert.equal((await me(url(1), revoked.access)).status, 401, 'revoked access tokens stay revoked')
    assert.equal((await refresh(url(2), revoked.refresh)).status, 401, 'revoked refresh tokens stay revoked')
  })
})
