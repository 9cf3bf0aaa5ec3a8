import type { LightMyRequestResponse } from 'fastify'
import { cookieAuth, loginAs, type TestServer } from './test-server.ts'

export const ADMIN = { username: 'admin', password: 'admin-local-pass' }

/** Requests as one logged-in user through cookies (with the CSRF header on unsafe methods), as a browser sends. */
export interface AsUser {
  get(url: string): Promise<LightMyRequestResponse>
  send(method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse>
  readonly access: string
}

export async function as(server: TestServer, user = ADMIN): Promise<AsUser> {
  const login = await loginAs(server.app, user)
  const cookies = { access_token: login.access }
  return {
    access: login.access,
    get: (url) =>
      server.app.inject({ method: 'GET', url, headers: { cookie: `access_token=${login.access}` } }),
    send: (method, url, payload) =>
      server.app.inject({
        method,
        url,
        headers: cookieAuth(cookies, login.csrf),
        ...(payload !== undefined && { payload }),
      }),
  }
}

/** Creates a user directly through the store (fast), returning its id. */
export async function seedUser(
  server: TestServer,
  username: string,
  flags: { isStaff?: boolean; isSuperuser?: boolean; password?: string; email?: string } = {},
): Promise<number> {
  const user = await server.stores.users.create(
    {
      username,
      passwordHash: await server.core.hasher.hash(flags.password ?? 'a-long-enough-passphrase'),
      isStaff: flags.isStaff ?? false,
      isSuperuser: flags.isSuperuser ?? false,
      email: flags.email ?? '',
    },
    server.clock.now(),
  )
  if (user === undefined) throw new Error(`could not seed ${username}`)
  return user.id
}
