/**
 * The adapter benchmark's server: one framework (BENCH_ADAPTER = fastify | express | hono | web) hosting Latchkey
 * with production settings, and four routes of the app's own returning the same JSON: `/bench/baseline` (the
 * framework's bare route, registered before Latchkey so nothing of Latchkey runs for it), `/bench/read` (the same,
 * after reading the credential headers: the floor of any guard), `/bench/floor` (the same behind middleware of the
 * shape Latchkey's adapter puts in front of a guarded route, doing nothing: what the framework charges for a guard
 * of that shape) and `/bench/user` (the same JSON for the user Latchkey authenticated). Prints `BENCH_READY <url>`.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import express from 'express'
import Fastify from 'fastify'
import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { latchkeyGuard, latchkeyRouter } from '../src/adapters/express/index.ts'
import { latchkeyPlugin } from '../src/adapters/fastify/index.ts'
import { latchkeyGuard as honoGuard, latchkeyGuarded, latchkeyRoutes } from '../src/adapters/hono/index.ts'
import { toWebHandler } from '../src/adapters/web/index.ts'
import { createLatchkey, type Latchkey } from '../src/core/create-latchkey.ts'
import { userBody } from '../src/core/flows/current-user.ts'
import type { User } from '../src/core/users/user.ts'
import { createSqliteStores } from '../src/stores/sqlite/index.ts'
import { BENCH_USER } from './bench-login.ts'

type Listen = (latchkey: Latchkey, baseline: object) => Promise<{ port: number }>

async function listen(server: Server): Promise<{ port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port }
}

/**
 * The floor route's body: the baseline JSON once a credential was read from the two headers it can come in,
 * through the framework's own API. What reading them costs is the framework's, not Latchkey's (under
 * @hono/node-server, the first header read builds the whole Fetch `Request`); a guarded route cannot do less.
 */
function credentialsRead(
  baseline: object,
  cookie: string | undefined,
  authorization: string | undefined,
): object {
  return cookie === undefined && authorization === undefined ? { detail: 'no credentials' } : baseline
}

/** A Hono app with the baseline and read routes, which both Hono forms share. */
function honoBareRoutes(baseline: object): Hono {
  const app = new Hono()
  app.get('/bench/baseline', (c) => c.json(baseline))
  app.get('/bench/read', (c) =>
    c.json(credentialsRead(baseline, c.req.header('cookie'), c.req.header('authorization'))),
  )
  return app
}

const ADAPTERS: Record<string, Listen> = {
  async fastify(latchkey, baseline) {
    const app = Fastify()
    app.get('/bench/baseline', async () => baseline)
    app.get('/bench/read', async (request) =>
      credentialsRead(baseline, request.headers.cookie, request.headers.authorization),
    )
    // A callback-style preHandler calling `done` at once, as `latchkeyAuthenticate` does for a cached user.
    app.get('/bench/floor', { preHandler: (_request, _reply, done) => done() }, async () => baseline)
    await app.register(latchkeyPlugin, { latchkey })
    app.get('/bench/user', { preHandler: app.latchkeyAuthenticate }, async (request) =>
      userBody((request.auth as { user: User }).user),
    )
    await app.listen({ host: '127.0.0.1', port: 0 })
    return { port: (app.server.address() as AddressInfo).port }
  },
  async express(latchkey, baseline) {
    const app = express()
    app.get('/bench/baseline', (_req, res) => {
      res.json(baseline)
    })
    app.get('/bench/read', (req, res) => {
      res.json(credentialsRead(baseline, req.headers.cookie, req.headers.authorization))
    })
    // A router whose async middleware passes the path on, then a guard calling `next` at once, as Latchkey's do.
    const passOn = express.Router()
    passOn.use(async (_req, _res, next) => next())
    app.get(
      '/bench/floor',
      passOn,
      (_req, _res, next) => next(),
      (_req, res) => {
        res.json(baseline)
      },
    )
    app.use(latchkeyRouter(latchkey))
    app.get('/bench/user', latchkeyGuard(latchkey), (req, res) => {
      res.json(userBody((req.auth as { user: User }).user))
    })
    return listen(createServer(app))
  },
  async hono(latchkey, baseline) {
    const app = honoBareRoutes(baseline)
    // One middleware returning `next()`, as Latchkey's guard does (its routes are mounted on its own paths only).
    const passOn: MiddlewareHandler = (_c, next) => next()
    app.get('/bench/floor', passOn, (c) => c.json(baseline))
    app.route('/', latchkeyRoutes(latchkey))
    app.get('/bench/user', honoGuard(latchkey), (c) => c.json(userBody(c.get('auth').user)))
    return listen(createServer(getRequestListener(app.fetch)))
  },
  // Hono with the guarded route as one handler (`latchkeyGuarded`): Hono calls it directly, with no middleware chain.
  async 'hono-handler'(latchkey, baseline) {
    const app = honoBareRoutes(baseline)
    // A handler wrapping the route's own and calling it at once, as `latchkeyGuarded` does for a cached user.
    const passOn = (handler: (c: Context) => Response) => (c: Context) => handler(c)
    app.get(
      '/bench/floor',
      passOn((c) => c.json(baseline)),
    )
    app.route('/', latchkeyRoutes(latchkey))
    app.get(
      '/bench/user',
      latchkeyGuarded(latchkey, (c, auth) => c.json(userBody(auth.user))),
    )
    return listen(createServer(getRequestListener(app.fetch)))
  },
  async web(latchkey, baseline) {
    const auth = toWebHandler(latchkey)
    const handler = async (request: Request): Promise<Response> => {
      const path = new URL(request.url).pathname
      if (path === '/bench/baseline') return Response.json(baseline)
      if (path === '/bench/read')
        return Response.json(
          credentialsRead(
            baseline,
            request.headers.get('cookie') ?? undefined,
            request.headers.get('authorization') ?? undefined,
          ),
        )
      // Two awaited calls that settle at once, where the guarded route awaits Latchkey's handle and authenticate.
      if (path === '/bench/floor') {
        await Promise.resolve(undefined)
        return (await Promise.resolve(true)) ? Response.json(baseline) : new Response(null, { status: 401 })
      }
      const answered = await auth.handle(request)
      if (answered !== undefined) return answered
      const me = await auth.authenticate(request)
      return me.ok ? Response.json(userBody(me.user)) : me.response
    }
    return listen(createServer(getRequestListener(handler)))
  },
}

const adapter = ADAPTERS[process.env.BENCH_ADAPTER ?? '']
if (adapter === undefined) throw new Error(`BENCH_ADAPTER must be one of ${Object.keys(ADAPTERS).join(', ')}`)
const stores = createSqliteStores(':memory:')
await stores.migrate()
const latchkey = await createLatchkey(
  {
    // Production settings, as bench-server.ts: a secret production accepts, and the hosts wrk sends.
    secretKey: process.env.BENCH_SECRET ?? 'p7Kq2Zx9Lm4Wv8Rt3Ny6Hb1Jc5Fd0Gs-Ue_Ai7Oo2Ee9Yy4Tt',
    production: true,
    allowedHosts: ['127.0.0.1', 'localhost'],
    cookies: { secure: true },
    csrf: { cookieSecure: true },
  },
  stores,
)
await latchkey.start()
const created = await latchkey.users.create({ ...BENCH_USER, firstName: 'Bench', lastName: 'User' })
if (!created.ok) throw new Error(created.problems.join(' '))
const { port } = await adapter(latchkey, userBody(created.user))
console.log(`BENCH_READY http://127.0.0.1:${port}`)
process.once('SIGTERM', async () => {
  await latchkey.stop()
  await stores.close()
  process.exit(0)
})
