import { ConfigError } from '../core/options.ts'
import { bootstrapSuperuser } from './bootstrap-superuser.ts'
import { createServer } from './create-server.ts'
import { configFromEnv, loadEnv } from './env.ts'
import { openStores } from './open-stores.ts'

/**
 * `npm start` / `latchkey serve`: reads the environment, migrates, serves, and on SIGTERM/SIGINT stops accepting,
 * finishes in-flight requests and exits 0.
 */
export async function serve(): Promise<void> {
  let config: ReturnType<typeof configFromEnv>
  try {
    config = configFromEnv(loadEnv(process.env, process.cwd()), process.cwd())
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    throw error
  }
  const stores = openStores(config.databaseUrl)
  await stores.migrate()
  let server: Awaited<ReturnType<typeof createServer>>
  try {
    server = await createServer({
      options: config.options,
      stores,
      trustProxy: config.trustProxy,
      logLevel: config.logLevel,
      ...(config.redisUrl !== undefined && { redisUrl: config.redisUrl }),
    })
    const superuser = await bootstrapSuperuser(config, server.core.settings, stores)
    if (superuser !== undefined) console.log(superuser)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      await stores.close()
      process.exit(2)
    }
    throw error
  }
  const address = await server.app.listen({ host: config.host, port: config.port })
  console.log(
    `Latchkey is serving on ${address} (database: ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')})`,
  )
  if (config.generatedSecretFile) console.log(`Development secret key kept in ${config.generatedSecretFile}`)
  console.log('Create a first user with: npm run latchkey -- users create --username alice')
  const stop = async () => {
    await server.shutdown({ drainMs: config.shutdownDrainMs })
    await stores.close()
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

if (import.meta.main) await serve()
