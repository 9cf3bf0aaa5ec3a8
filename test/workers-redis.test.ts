import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { TEST_REDIS_URL } from './helpers/cluster.ts'
import { type SpawnedCluster, spawnCluster } from './helpers/spawn-cluster.ts'
import { type SpawnedServer, spawnServer } from './helpers/spawn-server.ts'
import { sqliteWithAlice } from './helpers/sqlite-on-disk.ts'
import { ALICE, cookieAuth, SECRET } from './helpers/test-server.ts'
import { statuses, untilEveryWorkerRefuses } from './helpers/worker-refusals.ts'

function cookie(response: Response, name: string): string {
  for (const line of response.headers.getSetCookie())
    if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';')[0] ?? ''
  throw new Error(`no ${name} cookie`)
}

describe('latchkey serve --workers 2 with Redis, beside another instance (another machine, as Redis sees it)', () => {
  let dir: string
  let cluster: SpawnedCluster
  let other: SpawnedServer

  before(async () => {
    const database = await sqliteWithAlice('latchkey-workers-redis-')
    dir = database.dir
    const env = {
      LATCHKEY_DATABASE_URL: database.databaseUrl,
      LATCHKEY_SECRET_KEY: SECRET,
      LATCHKEY_REDIS_URL: TEST_REDIS_URL,
      LATCHKEY_LOGIN_LIMIT_USER_IP: '4/1m',
    }
    cluster = await spawnCluster(2, env)
    other = await spawnServer(env)
  })
  after(async () => {
    cluster?.child.kill('SIGKILL')
    await other?.stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses on every worker, within one second, a token logged out on the other instance', async () => {
    const login = await fetch(`${other.url}/accounts/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ALICE),
    })
    assert.equal(login.status, 200)
    const bearer = { authorization: `Bearer ${cookie(login, 'access_token')}` }
    const logout = await fetch(`${other.url}/accounts/auth/logout/`, {
      method: 'POST',
      headers: cookieAuth({ refresh_token: cookie(login, 'refresh_token') }, cookie(login, 'csrftoken')),
    })
    assert.equal(logout.status, 200)
    // With Redis healthy the workers read the database only every 5 s: within 1 s, only Redis can have told them.
    const { refused, latest } = await untilEveryWorkerRefuses(cluster, bearer, 1000)
    assert.ok(refused, `every worker refuses within 1 s: ${statuses(latest)}`)
  })

  it('counts failures on the workers and on the other instance against one limit', async () => {
    // A name of its own: the Redis database may be shared with other test files running at the same time.
    const username = `dave-${randomBytes(4).toString('hex')}`
    const body = JSON.stringify({ username, password: 'wrong' })
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body }
    const onWorkers = [
      await cluster.send('/accounts/auth/login/', init),
      await cluster.send('/accounts/auth/login/', init),
    ]
    assert.equal(new Set(onWorkers.map((a) => a.pid)).size, 2, 'one failure on each worker')
    for (const answer of onWorkers) assert.equal(answer.status, 403)
    for (let i = 0; i < 2; i++)
      assert.equal((await fetch(`${other.url}/accounts/auth/login/`, init)).status, 403)
    const fifth = await cluster.send('/accounts/auth/login/', init)
    assert.equal(fifth.status, 429, fifth.body)
  })
})
