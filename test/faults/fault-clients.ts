import { createPasswordHasher } from '../../src/core/passwords/password-hasher.ts'
import type { UserStore } from '../../src/core/users/user.ts'
import { FAST_HASHING } from '../helpers/test-server.ts'

/** What a fault run saw, printed at its end and checked by its assertions. */
export class Tally {
  answered = 0
  ok = 0
  unavailable = 0
  /** 5xx answers other than 503: must stay 0. */
  serverErrors = 0
  /** Clients whose refresh was refused (401): a real user logged out. Must stay 0. */
  loggedOut = 0
  /** Requests that got no answer (connection reset while a server was killed). */
  lost = 0
  /** Requests sent and not yet answered, now: a kill meant to interrupt some waits for them. */
  inFlight = 0
  slowest = 0
  readonly durations: number[] = []

  record(status: number, ms: number): void {
    this.answered++
    this.durations.push(ms)
    this.slowest = Math.max(this.slowest, ms)
    if (status === 503) this.unavailable++
    else if (status >= 500) this.serverErrors++
    else if (status < 300) this.ok++
  }

  percentile(p: number): number {
    const sorted = [...this.durations].sort((a, b) => a - b)
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0)
  }

  summary(name: string): string {
    return `${name}: ${this.answered} requests answered, ${this.ok} ok, ${this.unavailable} × 503, ${this.serverErrors} other 5xx, ${this.loggedOut} clients logged out, ${this.lost} lost in a kill, slowest ${Math.round(this.slowest)} ms, p50 ${this.percentile(50)} ms, p99 ${this.percentile(99)} ms`
  }
}

/** Users for a run, created straight in the store with cheap hashes (the server verifies any argon2id string). */
export async function seedUsers(users: UserStore, count: number, prefix: string): Promise<string[]> {
  const hasher = createPasswordHasher({ ...FAST_HASHING, concurrency: 1 })
  const hash = await hasher.hash('fault-test-password')
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const username = `${prefix}-${i}`
    await users.create({ username, passwordHash: hash }, Date.now())
    names.push(username)
  }
  return names
}

function cookie(response: Response, name: string): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';')[0]
  }
  return undefined
}

/**
 * A browser-like client: it keeps the refresh token it holds until a refresh answers 200 with a new one, so a 503
 * or a lost answer leaves it retrying with the token it had — exactly what a real client does. A 401 on refresh
 * means it was logged out.
 */
export class FaultClient {
  access = ''
  refreshToken = ''
  loggedOut = false

  readonly username: string
  tally: Tally
  readonly limitMs: number

  constructor(username: string, tally: Tally, limitMs: number) {
    this.username = username
    this.tally = tally
    this.limitMs = limitMs
  }

  async #send(url: string, init: RequestInit): Promise<Response | undefined> {
    const started = performance.now()
    const sentWith = this.tally
    sentWith.inFlight++
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.limitMs) })
      await response.arrayBuffer()
      this.tally.record(response.status, performance.now() - started)
      return response
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        // A request longer than the limit: recorded as such, and the assertions on `slowest` fail.
        this.tally.record(0, performance.now() - started)
        return undefined
      }
      this.tally.lost++
      return undefined
    } finally {
      sentWith.inFlight--
    }
  }

  async login(base: string): Promise<void> {
    const response = await this.#send(`${base}/accounts/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: 'fault-test-password' }),
    })
    if (response?.status !== 200) throw new Error(`login of ${this.username} answered ${response?.status}`)
    this.access = cookie(response, 'access_token') ?? ''
    this.refreshToken = cookie(response, 'refresh_token') ?? ''
  }

  /** One refresh; returns the status (0 when no answer came). */
  async refresh(base: string): Promise<number> {
    if (this.loggedOut) return 401
    const response = await this.#send(`${base}/accounts/auth/refresh_token/`, {
      method: 'POST',
      headers: { cookie: `refresh_token=${this.refreshToken}` },
    })
    if (response === undefined) return 0
    if (response.status === 200) {
      this.refreshToken = cookie(response, 'refresh_token') ?? this.refreshToken
      this.access = cookie(response, 'access_token') ?? this.access
    } else if (response.status === 401) {
      this.loggedOut = true
      this.tally.loggedOut++
    }
    return response.status
  }

  /** An authenticated read of the user (the hot path). */
  async me(base: string): Promise<number> {
    const response = await this.#send(`${base}/accounts/user/`, {
      headers: { cookie: `access_token=${this.access}` },
    })
    return response?.status ?? 0
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `step` for every client in a loop until `stop()` says so; returns when all loops have ended. */
export async function loop(
  clients: readonly FaultClient[],
  step: (client: FaultClient) => Promise<unknown>,
  until: () => boolean,
  pauseMs = 20,
): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      while (!until()) {
        await step(client)
        await sleep(pauseMs)
      }
    }),
  )
}
