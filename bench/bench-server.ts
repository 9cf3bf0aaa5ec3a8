/**
 * The server under load: the real Latchkey server with production settings, plus the benchmark's own routes —
 * the baseline (the same user JSON, no authentication) and the memory probes. Started by `bench/run.ts` in a
 * process of its own; prints `BENCH_READY <url> <bare url>`. The bare url is a second, bare Fastify app in the same
 * process (so the same process CPU counter measures it): one route returning the same JSON, no hooks, no plugins —
 * the true limit of serving this response with Fastify at all — and the floors of `floor-routes.ts`: the same app
 * replaying Latchkey's own answers (headers, cookies) with none of its work.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { userBody } from '../src/core/flows/current-user.ts'
import { randomHex128 } from '../src/core/random.ts'
import { afterRevocation } from '../src/core/sessions/revoke-sessions.ts'
import { createServer } from '../src/server/create-server.ts'
import { openStores } from '../src/server/open-stores.ts'
import { BENCH_USER } from './bench-login.ts'
import { addFloorRoutes } from './floor-routes.ts'

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'sqlite::memory:'
const opened = await openStores(databaseUrl)
await opened.migrate()
// BENCH_AUDIT=off keeps the audit writer but drops its inserts: the difference is what the audit table costs.
const stores =
  process.env.BENCH_AUDIT === 'off'
    ? { ...opened, audit: { append: async () => {}, list: opened.audit.list, flush: opened.audit.flush } }
    : opened

function memory() {
  const usage = process.memoryUsage()
  return {
    rss_mb: Math.round((usage.rss / 1048576) * 10) / 10,
    heap_mb: Math.round((usage.heapUsed / 1048576) * 10) / 10,
  }
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
}

const server = await createServer({
  options: {
    secretKey: process.env.BENCH_SECRET ?? 'p7Kq2Zx9Lm4Wv8Rt3Ny6Hb1Jc5Fd0Gs-Ue_Ai7Oo2Ee9Yy4Tt',
    production: true,
    cookies: { secure: true },
    csrf: { cookieSecure: true },
    docs: false,
    // Production answers only its own names; wrk and the refresh client send Host: 127.0.0.1:<port>.
    allowedHosts: ['127.0.0.1', 'localhost'],
    // Logins in the storm all succeed; the limits only count failures, so they never trip here.
    // One user logs in thousands of times and the first session's token is measured throughout: the per-user cap
    // (100 by default) would revoke it mid-run.
    maxSessionsPerUser: 1_000_000,
  },
  stores,
  configure(app: FastifyInstance, core) {
    // The practical limit: the same JSON as /accounts/user/, held in memory, behind the same hooks, no auth.
    let baselineUser: ReturnType<typeof userBody> | undefined
    app.get('/bench/baseline', async () => {
      if (baselineUser === undefined) {
        const user = await core.users.findByUsername(BENCH_USER.username)
        if (user) baselineUser = userBody(user)
      }
      return baselineUser
    })
    app.get('/bench/memory', async () => {
      collect()
      return memory()
    })
    app.post('/bench/sessions', async (request) => {
      const count = Number((request.query as { n?: string }).n ?? '100000')
      const user = await core.users.findByUsername(BENCH_USER.username)
      if (!user) throw new Error('no bench user')
      const now = Date.now()
      for (let i = 0; i < count; i++)
        await core.sessions.create({
          id: randomHex128(core.random),
          userId: user.id,
          createdAt: now,
          expiresAt: now + 3_600_000,
          currentJti: randomHex128(core.random),
          userAgent: 'bench',
          ip: '127.0.0.1',
        })
      collect()
      return { created: count, ...memory() }
    })
    app.post('/bench/revoke-all', async () => {
      const user = await core.users.findByUsername(BENCH_USER.username)
      if (!user) throw new Error('no bench user')
      const revoked = await core.sessions.revokeAllForUser(user.id, Date.now(), 'logout_all')
      afterRevocation(core, revoked, 'logout_all', { ip: '127.0.0.1', userAgent: 'bench' })
      collect()
      return { revoked: revoked.length, revoked_set: core.revoked.size, ...memory() }
    })
    app.post('/bench/flush', async () => {
      const far = Date.now() + 400 * 86_400_000
      const removed = await core.sessions.flush(far, far)
      collect()
      return { removed, ...memory() }
    })
  },
})
if ((await stores.users.findByUsername(BENCH_USER.username)) === undefined) {
  await stores.users.create(
    {
      username: BENCH_USER.username,
      passwordHash: await server.core.hasher.hash(BENCH_USER.password),
      firstName: 'Bench',
      lastName: 'User',
    },
    Date.now(),
  )
}
const benchUser = await stores.users.findByUsername(BENCH_USER.username)
if (benchUser === undefined) throw new Error('no bench user')
const bareBody = userBody(benchUser)
const bare = Fastify()
bare.get('/bench/bare', async () => bareBody)
await addFloorRoutes(server.app, bare, BENCH_USER, '127.0.0.1', bareBody)
const bareAddress = await bare.listen({ host: '127.0.0.1', port: 0 })
const address = await server.app.listen({ host: '127.0.0.1', port: 0 })
console.log(`BENCH_READY ${address} ${bareAddress}`)
process.once('SIGTERM', async () => {
  await bare.close()
  await server.app.close()
  await stores.close()
  process.exit(0)
})
