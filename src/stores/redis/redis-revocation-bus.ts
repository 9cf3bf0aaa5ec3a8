import type { Redis } from 'ioredis'
import type { Revocation, RevocationBus } from '../../core/sessions/revocation-bus.ts'
import { connectRedis } from './connect-redis.ts'

const CHANNEL = 'latchkey:revocations'

function parse(message: string): Revocation[] {
  try {
    const value: unknown = JSON.parse(message)
    if (!Array.isArray(value)) return []
    return value.filter(
      (r): r is Revocation =>
        typeof r === 'object' && r !== null && typeof r.sessionId === 'string' && typeof r.until === 'number',
    )
  } catch {
    return []
  }
}

/** How often the subscribed connection is pinged, and how long a PING may take before it counts as lost. */
export interface BusHealthOptions {
  readonly pingIntervalMs?: number
  readonly pingTimeoutMs?: number
}

/**
 * Revocations over Redis pub/sub: one publishing connection, one subscribed (a subscribed connection can do no else,
 * PING apart). Health is measured, not assumed: a Redis that stalls without closing the connection delivers
 * nothing and reports nothing, so the subscriber is PINGed every `pingIntervalMs` (300 ms) and counts as down when a
 * PING takes longer than `pingTimeoutMs` (300 ms) — the revocation sync then polls the database at its fast rate,
 * and the cross-instance bound (about a second) holds through a stall as through a reset.
 */
export class RedisRevocationBus implements RevocationBus {
  readonly #publisher: Redis
  readonly #subscriber: Redis
  readonly #pingIntervalMs: number
  readonly #pingTimeoutMs: number
  #pinger: NodeJS.Timeout | undefined

  constructor(url: string, health: BusHealthOptions = {}) {
    this.#pingIntervalMs = health.pingIntervalMs ?? 300
    this.#pingTimeoutMs = health.pingTimeoutMs ?? 300
    this.#publisher = connectRedis(url)
    this.#subscriber = connectRedis(url)
    // Errors surface through the health callback and failing commands; unhandled 'error' events would crash.
    this.#publisher.on('error', () => {})
    this.#subscriber.on('error', () => {})
  }

  async publish(revocations: readonly Revocation[]): Promise<void> {
    await this.#publisher.publish(CHANNEL, JSON.stringify(revocations))
  }

  async subscribe(
    onRevoked: (revocation: Revocation) => void,
    onHealth: (healthy: boolean) => void,
  ): Promise<void> {
    const subscriber = this.#subscriber
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === CHANNEL) for (const revocation of parse(message)) onRevoked(revocation)
    })
    let subscribed = false
    // Subscribe on every (re)connection: a SUBSCRIBE sent while disconnected is refused, not queued.
    const subscribe = async () => {
      try {
        await subscriber.subscribe(CHANNEL)
        subscribed = true
        onHealth(true)
      } catch {
        onHealth(false)
      }
    }
    subscriber.on('ready', () => void subscribe())
    subscriber.on('close', () => {
      subscribed = false
      onHealth(false)
    })
    this.#pinger = setInterval(async () => {
      if (!subscribed) return
      onHealth(await this.#answersPing())
    }, this.#pingIntervalMs)
    this.#pinger.unref()
    if (subscriber.status === 'ready') await subscribe()
    else {
      // Give a reachable Redis a moment, so a new instance starts on the bus rather than on polling. Only a
      // connection still not ready after it is reported down: reporting "down" while a healthy Redis is merely
      // still connecting (most starts) logged a false "revocation bus unreachable" warning.
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 1000)
        subscriber.once('ready', () => {
          clearTimeout(timer)
          resolve(true)
        })
      })
      if (!ready) onHealth(false)
    }
  }

  /** Whether the subscribed connection answers a PING within the timeout. */
  async #answersPing(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.#pingTimeoutMs)
    })
    try {
      return await Promise.race([
        this.#subscriber.ping().then(
          () => true,
          () => false,
        ),
        late,
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#pinger)
    this.#publisher.disconnect()
    this.#subscriber.disconnect()
  }
}
