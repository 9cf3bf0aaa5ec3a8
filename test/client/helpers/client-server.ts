import type { AuthEvents } from '../../../src/core/events.ts'
import type { LatchkeyOptions } from '../../../src/core/options.ts'
import { startTestServer, type TestServer } from '../../helpers/test-server.ts'

export interface Counted {
  refreshes: number
  graceRefreshes: number
  logouts: number
}

export interface ClientTestServer extends TestServer {
  readonly url: string
  readonly counted: Counted
}

/**
 * The HTTP tests' server (in-memory SQLite, alice and admin, a manual clock) on a real socket, since the client
 * speaks HTTP with Node's fetch; counts refreshes, which is what single-flight is about.
 */
export async function startClientTestServer(options: LatchkeyOptions = {}): Promise<ClientTestServer> {
  const counted: Counted = { refreshes: 0, graceRefreshes: 0, logouts: 0 }
  const events: AuthEvents = {
    onRefresh: (event) => {
      counted.refreshes += 1
      if (event.grace) counted.graceRefreshes += 1
    },
    onLogout: () => {
      counted.logouts += 1
    },
  }
  const server = await startTestServer(options, 'sqlite::memory:', events)
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
  return { ...server, url, counted }
}

/** Moves the server's clock past the access token's lifetime (15 minutes by default). */
export function expireAccessTokens(server: TestServer, lifetimeMs = 15 * 60_000): void {
  server.clock.advance(lifetimeMs + 1000)
}
