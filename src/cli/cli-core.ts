import type { AuthContext } from '../core/context.ts'
import { createAuthCore } from '../core/create-auth-core.ts'
import { silentLogger } from '../core/logger.ts'
import { loadOptional } from '../server/load-optional.ts'
import type { CliContext } from './cli-context.ts'

/**
 * The library's core over the CLI's database, so commands run the very operations the API runs. With
 * LATCHKEY_REDIS_URL, revocations are published to running servers at once; otherwise they see them within a
 * second from the database. `close` writes the queued audit entries and closes Redis.
 */
export async function openCliCore(ctx: CliContext): Promise<{ core: AuthContext; close(): Promise<void> }> {
  // Loaded only when configured: an install without ioredis (SQLite, one machine) runs every command.
  const redisUrl = ctx.config.redisUrl
  const bus =
    redisUrl === undefined
      ? undefined
      : new (
          await loadOptional(
            () => import('../stores/redis/redis-revocation-bus.ts'),
            'LATCHKEY_REDIS_URL',
            'ioredis',
          )
        ).RedisRevocationBus(redisUrl)
  const core = await createAuthCore(ctx.config.options, {
    users: ctx.stores.users,
    sessions: ctx.stores.sessions,
    keys: ctx.stores.keys,
    audit: ctx.stores.audit,
    logger: {
      ...silentLogger,
      warn: (fields) => {
        if ((fields as { event?: string }).event === 'revocation_publish_failed')
          ctx.err('Redis unreachable; servers will see the revocations within a second from the database')
      },
    },
    ...(bus !== undefined && { bus }),
  })
  return {
    core,
    async close() {
      await core.audit.drain()
      // Let a fire-and-forget publish finish before the connection goes.
      await new Promise((resolve) => setTimeout(resolve, 50))
      await bus?.close()
    },
  }
}
