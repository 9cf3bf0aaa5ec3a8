import { createHmac } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { AuthEvents } from '../../src/core/events.ts'
import type { LatchkeyOptions } from '../../src/core/options.ts'
import type { PasswordHasher } from '../../src/core/passwords/password-hasher.ts'
import { createServer, type LatchkeyServer } from '../../src/server/create-server.ts'
import { openStores, type Stores } from '../../src/server/open-stores.ts'
import { cookieHeader, setCookies } from './cookies.ts'
import type { Inject, InjectResponse } from './host.ts'
import { ManualClock } from './manual-clock.ts'

export const SECRET = 'test-secret-key-that-is-long-enough-for-hs256-0123456789'
export const ALICE = { username: 'alice', password: 'correct horse battery staple' }

/** Cheap argon2id parameters: the tests exercise logic, not hash cost. */
export const FAST_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 }

export interface TestServer extends LatchkeyServer {
  readonly clock: ManualClock
  readonly stores: Stores
  readonly aliceId: number
  readonly adminId: number
  /** The host-neutral way in: the same request and response shape whatever hosts Latchkey. */
  readonly inject: Inject
  close(): Promise<void>
}

/**
 * A Latchkey server on a fresh in-memory SQLite database with the reference's two users: admin (id 1) and alice
 * (id 2, "Alice Liddell"), driven by a manual clock.
 */
export async function startTestServer(
  options: LatchkeyOptions = {},
  databaseUrl = 'sqlite::memory:',
  events: AuthEvents = {},
): Promise<TestServer> {
  const clock = new ManualClock()
  const stores = await openStores(databaseUrl)
  await stores.migrate()
  const server = await createServer({ options: testOptions(options), stores, clock, events })
  const { admin, alice } = await seedUsers(stores, server.core.hasher, clock)
  return {
    ...server,
    clock,
    stores,
    aliceId: alice.id,
    adminId: admin.id,
    inject: injectOf(server.app),
    async close() {
      await server.app.close()
      await stores.close()
    },
  }
}

export interface LoggedIn {
  readonly access: string
  readonly refresh: string
  readonly csrf: string
  readonly response: InjectResponse
}

/** The options every test host starts with: the test secret, cheap hashing, the frontend origins the suites use. */
export function testOptions(options: LatchkeyOptions): LatchkeyOptions {
  return {
    secretKey: SECRET,
    passwordHashing: FAST_HASHING,
    csrf: { trustedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'] },
    cors: { allowedOrigins: ['http://localhost:3000'] },
    ...options,
  }
}

/** The reference's two users: admin (id 1) and alice (id 2, "Alice Liddell"). */
export async function seedUsers(stores: Stores, hasher: PasswordHasher, clock: ManualClock) {
  const admin = await stores.users.create(
    {
      username: 'admin',
      passwordHash: await hasher.hash('admin-local-pass'),
      isStaff: true,
      isSuperuser: true,
    },
    clock.now(),
  )
  const alice = await stores.users.create(
    {
      username: ALICE.username,
      passwordHash: await hasher.hash(ALICE.password),
      firstName: 'Alice',
      lastName: 'Liddell',
    },
    clock.now(),
  )
  if (admin === undefined || alice === undefined) throw new Error('seed users not created')
  return { admin, alice }
}

/**
 * A Fastify app's inject() in the host-neutral shape; every request comes from `remoteAddress` (light-my-request's
 * default is 127.0.0.1), which a test varies to keep one test's login limits from refusing the next one's logins.
 */
export function injectOf(app: FastifyInstance, remoteAddress?: string): Inject {
  return (options) => {
    const { method = 'GET', ...rest } = typeof options === 'string' ? { url: options } : options
    return app.inject({
      ...rest,
      method: method as 'GET',
      ...(remoteAddress !== undefined && { remoteAddress }),
    })
  }
}

/** Logs alice (or anyone) in and returns the three cookie values. */
export async function loginAs(
  target: FastifyInstance | { readonly inject: Inject },
  user = ALICE,
): Promise<LoggedIn> {
  const inject = 'hasRoute' in target ? injectOf(target) : target.inject
  const response = await inject({ method: 'POST', url: '/accounts/auth/login/', payload: user })
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`)
  const cookies = setCookies(response.headers)
  return {
    access: cookies.get('access_token')?.value ?? '',
    refresh: cookies.get('refresh_token')?.value ?? '',
    csrf: cookies.get('csrftoken')?.value ?? '',
    response,
  }
}

/** Cookie + X-CSRFToken headers for an unsafe request authenticated by cookies (the raw secret is a valid token). */
export function cookieAuth(cookies: Readonly<Record<string, string>>, csrf: string): Record<string, string> {
  return { cookie: cookieHeader({ ...cookies, csrftoken: csrf }), 'x-csrftoken': csrf }
}

/** Mints an HS256 JWT with arbitrary header and claims, as the reference's recording script did. */
export function mintJwt(claims: object, key = SECRET, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url')
  const signingInput = `${encode(header)}.${encode(claims)}`
  const signature = createHmac('sha256', key).update(signingInput).digest('base64url')
  return `${signingInput}.${signature}`
}
