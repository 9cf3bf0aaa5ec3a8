import { ConfigError, type Settings } from '../core/options.ts'
import { createPasswordHasher } from '../core/passwords/password-hasher.ts'
import type { StoreSet } from '../core/store-set.ts'
import { ensureSuperuser } from '../core/users/ensure-superuser.ts'
import type { ServerConfig } from './env.ts'

/**
 * Runs by `serve` and `migrate` after migrating: creates LATCHKEY_SUPERUSER_USERNAME when it does not exist.
 * Returns a line to print (naming the user, never the password), or undefined when nothing was configured.
 */
export async function bootstrapSuperuser(
  config: ServerConfig,
  settings: Settings,
  stores: StoreSet,
): Promise<string | undefined> {
  if (config.superuser === undefined) return undefined
  let outcome: Awaited<ReturnType<typeof ensureSuperuser>>
  try {
    outcome = await ensureSuperuser(
      stores.users,
      createPasswordHasher(settings.passwordHashing),
      config.superuser,
      Date.now(),
    )
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('LATCHKEY_SUPERUSER_'))
      throw new ConfigError([error.message])
    throw error
  }
  return outcome === 'created'
    ? `Created superuser '${config.superuser.username.normalize('NFKC')}' from LATCHKEY_SUPERUSER_USERNAME.`
    : `Superuser '${config.superuser.username.normalize('NFKC')}' already exists; left unchanged.`
}
