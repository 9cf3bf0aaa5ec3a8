/**
 * The floors: what a bare Fastify app pays to send what Latchkey sends, with none of Latchkey's work. Latchkey's
 * answers are captured once at start-up (a real login, a real `GET /accounts/user/`, a real refresh, through the
 * server's own routes), and the bare app replays their status, headers and body from memory:
 *
 * - `GET /bench/bare-headers`: the user JSON with every header `GET /accounts/user/` sends (the security headers,
 *   `Vary`, `Cache-Control`, `Allow`). Its CPU over `bare`'s is what those headers cost in Fastify and Node alone.
 * - `POST /accounts/auth/refresh_token/`: the refresh answer, both `Set-Cookie` lines included, whatever token is
 *   presented. The refresh scenario's client drives it exactly as it drives the real endpoint, so the difference
 *   between the two is the work of a refresh itself: one verification, one compare-and-swap, two signatures.
 */
import type { FastifyInstance } from 'fastify'

/** Set by Node itself on every answer; the replay lets Node set them again. */
const NODE_OWN = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'])

interface Captured {
  readonly status: number
  readonly headers: Record<string, string | string[]>
  readonly body: string
}

function capture(answer: { statusCode: number; headers: Record<string, unknown>; body: string }): Captured {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(answer.headers))
    if (!NODE_OWN.has(name) && (typeof value === 'string' || Array.isArray(value)))
      headers[name] = value as string | string[]
  return { status: answer.statusCode, headers, body: answer.body }
}

function cookieValue(setCookie: unknown, name: string): string {
  const lines = Array.isArray(setCookie) ? (setCookie as string[]) : [String(setCookie)]
  const line = lines.find((l) => l.startsWith(`${name}=`))
  if (line === undefined) throw new Error(`the login answer set no ${name} cookie`)
  return line.slice(name.length + 1).split(';')[0] as string
}

/**
 * Logs in through `app` and captures its answers to `GET /accounts/user/` and to a refresh, then serves both from
 * `bare` as described above. `host` is a name the server accepts; `userBody` is the JSON `bare` answers.
 */
export async function addFloorRoutes(
  app: FastifyInstance,
  bare: FastifyInstance,
  credentials: { username: string; password: string },
  host: string,
  userBody: object,
): Promise<void> {
  const login = await app.inject({
    method: 'POST',
    url: '/accounts/auth/login/',
    headers: { host },
    payload: credentials,
  })
  if (login.statusCode !== 200) throw new Error(`bench login failed: ${login.statusCode} ${login.body}`)
  const user = capture(
    await app.inject({
      method: 'GET',
      url: '/accounts/user/',
      headers: { host, cookie: `access_token=${cookieValue(login.headers['set-cookie'], 'access_token')}` },
    }),
  )
  const refresh = capture(
    await app.inject({
      method: 'POST',
      url: '/accounts/auth/refresh_token/',
      headers: {
        host,
        cookie: `refresh_token=${cookieValue(login.headers['set-cookie'], 'refresh_token')}`,
      },
    }),
  )
  if (user.status !== 200 || refresh.status !== 200)
    throw new Error(`bench capture failed: user ${user.status}, refresh ${refresh.status}`)
  // The body as an object, as `bare` returns it, so both pay for the same serialisation.
  bare.get('/bench/bare-headers', async (_request, reply) => {
    reply.headers(user.headers)
    return userBody
  })
  bare.post('/accounts/auth/refresh_token/', (_request, reply) => {
    reply.code(refresh.status).headers(refresh.headers).send(refresh.body)
  })
}
