import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener, type HttpBindings } from '@hono/node-server'
import { createApp as createExpressApp } from '../../examples/express/app.ts'
import { createApp as createFastifyApp } from '../../examples/fastify/app.ts'
import { createApp as createHonoApp } from '../../examples/hono/app.ts'
import { createApp as createWebApp } from '../../examples/web/app.ts'
import type { AuthContext } from '../../src/core/context.ts'
import { contextOf, createLatchkey } from '../../src/core/create-latchkey.ts'
import type { AuthEvents } from '../../src/core/events.ts'
import type { LatchkeyOptions } from '../../src/core/options.ts'
import { openStores, type Stores } from '../../src/server/open-stores.ts'
import type { Inject } from './host.ts'
import { ManualClock } from './manual-clock.ts'
import { socketInject } from './socket-inject.ts'
import { seedUsers, startTestServer, testOptions } from './test-server.ts'

/** Every host of Latchkey's HTTP contract: the server (through inject) and each example app (over a socket). */
export const HOSTS = ['server', 'fastify', 'express', 'hono', 'web'] as const
export type HostName = (typeof HOSTS)[number]

/** What the HTTP contract suites see of a host, whichever it is. */
export interface TestHost {
  readonly name: HostName
  readonly inject: Inject
  readonly clock: ManualClock
  readonly stores: Stores
  readonly core: AuthContext
  readonly aliceId: number
  readonly adminId: number
  close(): Promise<void>
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** The example app of `name` as a node:http server (what its main.ts does, on an ephemeral port). */
export async function serveExample(
  name: Exclude<HostName, 'server'>,
  latchkey: Awaited<ReturnType<typeof createLatchkey>>,
) {
  switch (name) {
    case 'fastify': {
      const app = await createFastifyApp(latchkey)
      await app.listen({ host: '127.0.0.1', port: 0 })
      return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
    }
    case 'express': {
      const server = createServer(createExpressApp(latchkey))
      return { port: await listen(server), close: () => closeServer(server) }
    }
    case 'hono': {
      const server = createServer(getRequestListener(createHonoApp(latchkey).fetch))
      return { port: await listen(server), close: () => closeServer(server) }
    }
    case 'web': {
      const app = createWebApp(latchkey)
      const server = createServer(
        getRequestListener((request, env) =>
          app(request, (env as HttpBindings).incoming.socket.remoteAddress),
        ),
      )
      return { port: await listen(server), close: () => closeServer(server) }
    }
  }
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

/**
 * Latchkey on `host`, on a fresh database with the reference's two users, driven by a manual clock: the server
 * exactly as `startTestServer` builds it, or an example app built with the same options and stores.
 */
export async function startTestHost(
  host: HostName,
  options: LatchkeyOptions = {},
  databaseUrl = 'sqlite::memory:',
  events: AuthEvents = {},
): Promise<TestHost> {
  if (host === 'server') return { name: host, ...(await startTestServer(options, databaseUrl, events)) }
  const clock = new ManualClock()
  const stores = openStores(databaseUrl)
  await stores.migrate()
  const latchkey = await createLatchkey({ ...testOptions(options), events }, stores, { clock })
  // The background work too, as the server runs it: the library gets exactly what the server gets.
  await latchkey.start()
  const core = contextOf(latchkey)
  const { admin, alice } = await seedUsers(stores, core.hasher, clock)
  const server = await serveExample(host, latchkey)
  return {
    name: host,
    inject: socketInject(server.port),
    clock,
    stores,
    core,
    aliceId: alice.id,
    adminId: admin.id,
    async close() {
      await server.close()
      await latchkey.stop()
      await stores.close()
    },
  }
}
