import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { type Answer, alive, type SpawnedCluster, spawnCluster } from './helpers/spawn-cluster.ts'
import { spawnServer } from './helpers/spawn-server.ts'
import { sqliteWithAlice } from './helpers/sqlite-on-disk.ts'
import { ALICE, cookieAuth, SECRET } from './helpers/test-server.ts'
import { statuses, untilEveryWorkerRefuses } from './helpers/worker-refusals.ts'

const WORKERS = 2

function cookie(answer: Answer, name: string): string {
  const lines = answer.headers['set-cookie'] ?? []
  for (const line of Array.isArray(lines) ? lines : [lines])
    if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';')[0] ?? ''
  throw new Error(`no ${name} cookie in ${answer.status} ${answer.body}`)
}

/** Sends `path` on new connections until every worker now alive has answered it; returns each worker's answer. */
async function fromEveryWorker(
  cluster: SpawnedCluster,
  path: string,
  headers: Record<string, string> = {},
): Promise<Map<number, Answer>> {
  const answers = new Map<number, Answer>()
  const pids = cluster.workerPids()
  for (let i = 0; i < 10 * pids.length && pids.some((pid) => !answers.has(pid)); i++) {
    const answer = await cluster.send(path, { headers })
    answers.set(answer.pid, answer)
  }
  assert.deepEqual([...answers.keys()].sort(), [...pids].sort(), 'every worker was reached')
  return answers
}

describe(`latchkey serve --workers ${WORKERS} on one SQLite database, without Redis`, () => {
  let dir: string
  let cluster: SpawnedCluster
  let env: Record<string, string>

  before(async () => {
    const database = await sqliteWithAlice('latchkey-workers-')
    dir = database.dir
    env = {
      LATCHKEY_DATABASE_URL: database.databaseUrl,
      LATCHKEY_SECRET_KEY: SECRET,
      LATCHKEY_LOGIN_LIMIT_USER_IP: '4/1m',
      LATCHKEY_SHUTDOWN_DRAIN: '0s',
    }
    cluster = await spawnCluster(WORKERS, env)
  })
  after(() => {
    // `cluster` is unset when start-up failed (spawnCluster has killed what it started then).
    if (cluster?.child.exitCode === null) cluster.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts the number of workers asked for, each its own process', () => {
    const pids = cluster.workerPids()
    assert.equal(pids.length, WORKERS)
    assert.ok(!pids.includes(cluster.child.pid ?? 0), 'the primary serves no request itself')
  })

  /** Logs alice in, checks every worker accepts her access token, logs her out; the logout's answer and token. */
  async function loginEverywhereThenLogout(): Promise<{ logout: Answer; bearer: Record<string, string> }> {
    const login = await cluster.send('/accounts/auth/login/', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ALICE),
    })
    assert.equal(login.status, 200, login.body)
    const bearer = { authorization: `Bearer ${cookie(login, 'access_token')}` }
    for (const answer of (await fromEveryWorker(cluster, '/accounts/user/', bearer)).values())
      assert.equal(answer.status, 200, 'before the logout every worker accepts the token')
    const logout = await cluster.send('/accounts/auth/logout/', {
      method: 'POST',
      headers: cookieAuth({ refresh_token: cookie(login, 'refresh_token') }, cookie(login, 'csrftoken')),
    })
    assert.equal(logout.status, 200, logout.body)
    return { logout, bearer }
  }

  it('refuses on every worker, within one second, an access token logged out on one of them', async () => {
    const { logout, bearer } = await loginEverywhereThenLogout()
    const loggedOutAt = Date.now()
    const { refused, latest } = await untilEveryWorkerRefuses(cluster, bearer, 1000)
    const elapsed = Date.now() - loggedOutAt
    assert.ok(refused, `every worker refuses within 1 s (after ${elapsed} ms: ${statuses(latest)})`)
    assert.ok(
      cluster.workerPids().some((pid) => pid !== logout.pid),
      'the logout worker was not the only one',
    )
    for (const answer of latest.values()) assert.equal(JSON.parse(answer.body).code, 'token_not_valid')
  })

  it('tells the other workers at once, not at the next database poll: their first answers are refusals', async () => {
    // The worker that revoked sent the revocation to the primary before it answered the logout, and the primary
    // relays it on the same ordered channel that later hands the worker our next connection. Polling the database
    // (each second) would let most of these first answers through.
    const { logout, bearer } = await loginEverywhereThenLogout()
    const first = new Map<number, Answer>()
    const others = cluster.workerPids().filter((pid) => pid !== logout.pid)
    for (let i = 0; i < 10 * WORKERS && others.some((pid) => !first.has(pid)); i++) {
      const answer = await cluster.send('/accounts/user/', { headers: bearer })
      if (!first.has(answer.pid)) first.set(answer.pid, answer)
    }
    assert.ok(others.length > 0)
    for (const pid of others) assert.equal(first.get(pid)?.status, 401, `worker ${pid}'s first answer`)
  })

  it('still reads the database each second for revocations made by an instance elsewhere', async () => {
    // The IPC bus reaches this machine's workers only, so it must not slow the database poll down to the pace
    // kept for a fleet-wide bus (Redis): a logout on another instance is refused here within about a second.
    const other = await spawnServer(env)
    try {
      const login = await fetch(`${other.url}/accounts/auth/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ALICE),
      })
      assert.equal(login.status, 200)
      const access = login.headers.getSetCookie().find((c) => c.startsWith('access_token='))
      const bearer = { authorization: `Bearer ${access?.slice('access_token='.length).split(';')[0]}` }
      await fromEveryWorker(cluster, '/accounts/user/', bearer)
      const logoutAll = await fetch(`${other.url}/accounts/auth/logout_all/`, {
        method: 'POST',
        headers: bearer,
      })
      assert.equal(logoutAll.status, 200)
      const { refused, latest } = await untilEveryWorkerRefuses(cluster, bearer, 1500, 50)
      assert.ok(refused, `refused within 1.5 s: ${statuses(latest)}`)
    } finally {
      await other.stop('SIGKILL')
    }
  })

  it('counts failed logins on every worker against one limit', async () => {
    const attempt = (password: string) =>
      cluster.send('/accounts/auth/login/', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ALICE.username, password }),
      })
    const failures = [
      await attempt('wrong 1'),
      await attempt('wrong 2'),
      await attempt('wrong 3'),
      await attempt('wrong 4'),
    ]
    for (const failure of failures) assert.equal(failure.status, 403, failure.body)
    assert.equal(
      new Set(failures.map((f) => f.pid)).size,
      WORKERS,
      'the failures were spread over every worker',
    )
    // No worker saw four failures itself, yet the fifth attempt is refused — even with the right password.
    const fifth = await attempt(ALICE.password)
    assert.equal(fifth.status, 429, fifth.body)
    assert.equal(JSON.parse(fifth.body).code, 'throttled')
  })

  it('replaces a worker killed with SIGKILL, and the others keep answering meanwhile', async () => {
    const [victim] = cluster.workerPids()
    assert.ok(victim !== undefined)
    process.kill(victim, 'SIGKILL')
    const died = await cluster.waitForLine(
      (line) => line.event === 'worker_died' && line.workerPid === victim,
      5000,
    )
    const diedAt = cluster.lines().indexOf(died)
    for (let i = 0; i < 4; i++) {
      const answer = await cluster.send('/healthz')
      assert.equal(answer.status, 200)
      assert.notEqual(answer.pid, victim)
    }
    const replacement = await cluster.waitForLine(
      (line) => line.event === 'worker_listening' && cluster.lines().indexOf(line) > diedAt,
      10_000,
    )
    assert.equal(cluster.workerPids().length, WORKERS)
    const answers = await fromEveryWorker(cluster, '/healthz')
    assert.equal(answers.get(replacement.workerPid as number)?.status, 200, 'the replacement serves')
  })

  it('on SIGTERM answers the requests in flight, stops every worker, and the primary exits 0', async () => {
    const workers = cluster.workerPids()
    // Requests whose headers each worker has received and logged, but whose bodies are still on their way.
    // An unknown user: the earlier test left alice throttled, and an unknown name costs a full hash all the same.
    const body = JSON.stringify({ username: 'carol', password: 'in flight' })
    const inFlight: { socket: Socket; pid: number; response: Promise<string> }[] = []
    for (let i = 0; i < 10 && new Set(inFlight.map((r) => r.pid)).size < workers.length; i++) {
      const probe = `inflight-${i}-${process.pid}`
      const socket = connect(Number(new URL(cluster.url).port), '127.0.0.1')
      const response = new Promise<string>((resolve) => {
        let text = ''
        socket.on('data', (chunk) => {
          text += String(chunk)
        })
        socket.on('close', () => resolve(text))
        socket.on('error', () => resolve(text))
      })
      socket.write(
        `POST /accounts/auth/login/?probe=${probe} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
      )
      const line = await cluster.waitForLine((l) => l.req?.url?.includes(probe) === true, 5000)
      inFlight.push({ socket, pid: line.pid, response })
    }
    assert.deepEqual(
      [...new Set(inFlight.map((r) => r.pid))].sort(),
      [...workers].sort(),
      'one in flight on each worker',
    )

    cluster.child.kill('SIGTERM')
    await cluster.waitForLine((line) => line.event === 'shutting_down', 5000)
    await new Promise((resolve) => setTimeout(resolve, 200))
    for (const { socket } of inFlight) socket.write(body.slice(5))
    for (const { response } of inFlight) {
      const text = await response
      assert.match(text, /^HTTP\/1\.1 403 /, 'the in-flight request got its answer')
      assert.match(text, /"code":"authentication_failed"/)
    }
    assert.equal(await cluster.exited, 0)
    for (const pid of workers) assert.equal(alive(pid), false, `worker ${pid} has exited`)
    assert.equal(cluster.lines().filter((line) => line.event === 'worker_failed_to_stop').length, 0)
  })
})
