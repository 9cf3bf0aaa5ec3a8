import cluster from 'node:cluster'
import { ConfigError } from '../core/options.ts'
import { runPrimary } from './cluster/run-primary.ts'
import { siblingLinks } from './cluster/worker-links.ts'
import { withHashingShare } from './cluster/worker-options.ts'
import { createServer } from './create-server.ts'
import { configFromEnv, loadEnv } from './env.ts'
import { openStores } from './open-stores.ts'

/**
 * `npm start` / `latchkey serve`: reads the environment, migrates, serves, and on SIGTERM/SIGINT stops accepting,
 * finishes in-flight requests and exits 0. With more than one worker (`--workers`, `LATCHKEY_WORKERS`) this process
 * becomes the cluster's primary (`runPrimary`) and each worker runs the rest of this function.
 */
export async function serve(overrides: { readonly workers?: number } = {}): Promise<void> {
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
  const workers = overrides.workers ?? config.workers
  if (cluster.isPrimary && workers > 1) {
    try {
      return await runPrimary(config, workers)
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message)
        process.exit(2)
      }
      throw error
    }
  }
  const stores = openStores(config.databaseUrl)
  // A cluster's primary has migrated before starting its workers.
  if (cluster.isPrimary) await stores.migrate()
  let server: Awaited<ReturnType<typeof createServer>>
  try {
    server = await createServer({
      options: cluster.isWorker ? withHashingShare(config.options, config.workers) : config.options,
      stores,
      trustProxy: config.trustProxy,
      logLevel: config.logLevel,
      ...(config.redisUrl !== undefined && { redisUrl: config.redisUrl }),
      ...(cluster.isWorker && config.redisUrl === undefined && siblingLinks()),
    })
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      await stores.close()
      process.exit(2)
    }
    throw error
  }
  const address = await server.app.listen({ host: config.host, port: config.port })
  // A cluster's workers leave the announcement to the primary, which makes it once all of them listen.
  if (cluster.isPrimary) {
    console.log(
      `Latchkey is serving on ${address} (database: ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')})`,
    )
    if (config.generatedSecretFile)
      console.log(`Development secret key kept in ${config.generatedSecretFile}`)
    console.log('Create a first user with: npm run latchkey -- createuser --username alice')
  }
  let stopping = false
  const stop = async () => {
    // A worker may get both the terminal's SIGINT and its primary's SIGTERM: one shutdown.
    if (stopping) return
    stopping = true
    await server.shutdown({ drainMs: config.shutdownDrainMs })
    await stores.close()
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

if (import.meta.main) await serve()
