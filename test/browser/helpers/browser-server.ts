import type { FastifyInstance } from 'fastify'
import type { Logger } from '../../../src/core/logger.ts'
import type { LatchkeyOptions } from '../../../src/core/options.ts'
import { registerDemo } from '../../../src/demo/register-demo.ts'
import { createServer, type LatchkeyServer } from '../../../src/server/create-server.ts'
import { configFromEnv } from '../../../src/server/env.ts'
import { openStores, type Stores } from '../../../src/server/open-stores.ts'
import { ManualClock } from '../../helpers/manual-clock.ts'
import { ALICE, FAST_HASHING, SECRET } from '../../helpers/test-server.ts'

/** What the server did, as the tests verify it: events and every answer with the Origin it was sent from. */
export interface ServerRecord {
  readonly events: { type: string; grace?: boolean }[]
  readonly answers: { method: string; path: string; origin: string | undefined; status: number }[]
}

export interface BrowserTestServer extends LatchkeyServer {
  /** `http://localhost:PORT`: the API's origin as the browser sees it. */
  readonly url: string
  readonly stores: Stores
  readonly aliceId: number
  /** The server's clock: it starts at the real time, and tests move it forward instead of sleeping. */
  readonly clock: ManualClock
  readonly record: ServerRecord
  count(type: string): number
  close(): Promise<void>
}

/** A blank page on the API's origin, where a test imports `/client.js` as an app would. */
export const BLANK_PAGE = '/__test__/blank'

/**
 * The real server on a real socket, configured the way an operator would — from `LATCHKEY_*` variables — with the
 * test settings the browser tests rely on: the demo is on, and `env` adds CORS and CSRF origins. Its clock is a
 * manual one starting at the real time: a test expires the access token by moving the server's clock past its
 * lifetime (`expireAccessTokens`); the browser, which counts cookie lifetimes by its own clock, still sends the
 * cookie, and the server refuses it as expired — what a real expiry looks like to the client, without the wait.
 */
export async function startBrowserServer(
  env: Record<string, string> = {},
  extra: { readonly logger?: Logger } = {},
): Promise<BrowserTestServer> {
  const config = configFromEnv({ LATCHKEY_SECRET_KEY: SECRET, ...env }, process.cwd())
  const clock = new ManualClock(Date.now())
  // `demo` is the server's switch for registerDemo; the spread keeps this file compiling before the option exists.
  const demoOn: LatchkeyOptions & { demo?: boolean } = { demo: true }
  const options: LatchkeyOptions = { ...config.options, passwordHashing: FAST_HASHING, ...demoOn }
  const stores = openStores('sqlite::memory:')
  await stores.migrate()
  const record: ServerRecord = { events: [], answers: [] }
  const event = (type: string) => (e: object) => {
    const grace = 'grace' in e && typeof e.grace === 'boolean' ? e.grace : undefined
    record.events.push({ type, ...(grace !== undefined && { grace }) })
  }
  const server = await createServer({
    options,
    stores,
    clock,
    ...(extra.logger !== undefined && { logger: extra.logger }),
    events: {
      onLogin: event('login'),
      onRefresh: event('refresh'),
      onRefreshReuseDetected: event('reuse'),
      onLogout: event('logout'),
      onSessionRevoked: event('revoked'),
      onPasswordChanged: event('password_changed'),
    },
    configure: (app: FastifyInstance) => {
      if (!app.hasRoute({ method: 'GET', url: '/demo.js' })) registerDemo(app)
      app.get(BLANK_PAGE, { schema: { hide: true } }, async (_request, reply) =>
        reply.type('text/html; charset=utf-8').send('<!doctype html><title>blank</title><p>test page</p>'),
      )
      app.addHook('onResponse', async (request, reply) => {
        record.answers.push({
          method: request.method,
          path: request.url,
          origin: request.headers.origin,
          status: reply.statusCode,
        })
      })
    },
  })
  const alice = await stores.users.create(
    {
      username: ALICE.username,
      passwordHash: await server.core.hasher.hash(ALICE.password),
      firstName: 'Alice',
      lastName: 'Liddell',
    },
    clock.now(),
  )
  if (alice === undefined) throw new Error('alice not created')
  const address = await server.app.listen({ host: '127.0.0.1', port: 0 })
  const port = new URL(address).port
  return {
    ...server,
    url: `http://localhost:${port}`,
    stores,
    aliceId: alice.id,
    clock,
    record,
    count: (type) => record.events.filter((e) => e.type === type).length,
    async close() {
      await server.app.close()
      await stores.close()
    },
  }
}

/** Moves the server's clock past the access token's lifetime (15 minutes by default): every access token expires. */
export function expireAccessTokens(server: BrowserTestServer, lifetimeMs = 15 * 60_000): void {
  server.clock.advance(lifetimeMs + 1000)
}
