import { parseArgs } from 'node:util'
import { loadOptional } from '../server/load-optional.ts'
import type { CliContext } from './cli-context.ts'

export const deactivateuserHelp = `Usage: latchkey deactivateuser --username U

Refuses the user's logins and revokes every session they have. Running servers refuse the sessions' access tokens
at once when LATCHKEY_REDIS_URL is set (the revocations are published), and otherwise within a second (they poll
the database).`

export async function deactivateuser(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { username: { type: 'string' } } })
  if (values.username === undefined || values.username === '') {
    ctx.err('deactivateuser: --username is required')
    return 2
  }
  const user = await ctx.stores.users.findByUsername(values.username)
  if (user === undefined) {
    ctx.err(`deactivateuser: no user '${values.username}'`)
    return 1
  }
  const now = Date.now()
  await ctx.stores.users.setActive(user.id, false)
  const revoked = await ctx.stores.sessions.revokeAllForUser(user.id, now, 'user_deactivated')
  if (ctx.config.redisUrl !== undefined && revoked.length > 0) {
    // ioredis is an optional peer dependency: loaded only when Redis is configured.
    const { RedisRevocationBus } = await loadOptional(
      () => import('../stores/redis/index.ts'),
      'LATCHKEY_REDIS_URL',
      'ioredis',
    )
    const bus = new RedisRevocationBus(ctx.config.redisUrl)
    const until = now + ctx.settings.accessTokenLifetimeMs + ctx.settings.leewayMs + 1000
    try {
      await bus.publish(revoked.map((session) => ({ sessionId: session.id, until })))
    } catch {
      ctx.err(
        'deactivateuser: Redis unreachable; servers will see the revocations within a second from the database',
      )
    } finally {
      await bus.close()
    }
  }
  ctx.out(
    `Deactivated '${user.username}' and revoked ${revoked.length} session${revoked.length === 1 ? '' : 's'}.`,
  )
  return 0
}
