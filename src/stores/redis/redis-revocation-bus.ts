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

/** Revocations over Redis pub/sub: one publishing connection, one subscribed (a subscribed connection can do no else). */
export class RedisRevocationBus implements RevocationBus {
  readonly #publisher: Redis
  readonly #subscriber: Redis

  constructor(url: string) {
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
    // Subscribe on every (re)connection: a SUBSCRIBE sent while disconnected is refused, not queued.
    const subscribe = async () => {
      try {
        await subscriber.subscribe(CHANNEL)
        onHealth(true)
      } catch {
        onHealth(false)
      }
    }
    subscriber.on('ready', () => void subscribe())
    subscriber.on('close', () => onHealth(false))
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

  async close(): Promise<void> {
    this.#publisher.disconnect()
    this.#subscriber.disconnect()
  }
}
