import cluster from 'node:cluster'
import { ConfigError } from '../core/options.ts'
import { bootstrapSuperuser } from './bootstrap-superuser.ts'
import { runPrimary } from './cluster/run-primary.ts'
import { siblingLinks } from './cluster/worker-links.ts'
import { withHashingShare } from './cluster/worker-options.ts'
import { DatabaseStartError, migrateWhenReachable, redactDatabaseUrl } from './connect-database.ts'
import { createServer } from './create-server.ts'
import { configFromEnv, loadEnv, type ServerConfig } from './env.ts'
import { listenFailure } from './listen-failure.ts'
import { startLog } from './log-options.ts'
import { openStores } from './open-stores.ts'

/**
 * Ends start-up with a message and exit status 2, never a stack trace: every such failure is the operator's to fix
 * (a variable, a port, the database), and the message says which. Plain text on stderr, since no log stream exists
 * yet for a human to read it in.
 */
function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

function readConfig(): ServerConfig {
  try {
    return configFromEnv(loadEnv(process.env, process.cwd()), process.cwd())
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }
}

/**
 * `npm start` / `latchkey serve`: reads the environment, waits for and migrates the database, serves, and on
 * SIGTERM/SIGINT stops accepting, finishes in-flight requests and exits 0. Every line it writes is a JSON log line.
 * With more than one worker (`--workers`, `LATCHKEY_WORKERS`) this process becomes the cluster's primary
 * (`runPrimary`: it migrates, then forks the workers), and each worker runs the rest of this function.
 */
export async function serve(overrides: { readonly workers?: number } = {}): Promise<void> {
  const config = readConfig()
  const production = config.options.production === true
  const workers = overrides.workers ?? config.workers
  if (cluster.isPrimary && workers > 1) {
    try {
      return await runPrimary(config, workers)
    } catch (error) {
      if (error instanceof ConfigError || error instanceof DatabaseStartError) fail(error.message)
      throw error
    }
  }
  const stores = await openStores(config.databaseUrl, {
    statementTimeoutMs: config.databaseTimeoutMs,
    connectTimeoutMs: config.databaseAcquireTimeoutMs,
  })
  try {
    // A cluster's primary has migrated before starting its workers.
    if (cluster.isPrimary)
      await migrateWhenReachable(stores, {
        databaseUrl: config.databaseUrl,
        timeoutMs: config.dbConnectTimeoutMs,
        log: startLog(config.logLevel),
      })
  } catch (error) {
    await stores.close().catch(() => {})
    if (error instanceof DatabaseStartError) fail(error.message)
    throw error
  }
  let server: Awaited<ReturnType<typeof createServer>>
  try {
    server = await createServer({
      options: cluster.isWorker ? withHashingShare(config.options, config.workers) : config.options,
      stores,
      trustProxy: config.trustProxy,
      logLevel: config.logLevel,
      limits: config.limits,
      healthTimeoutMs: config.healthTimeoutMs,
      ...(config.redisUrl !== undefined && { redisUrl: config.redisUrl }),
      ...(cluster.isWorker && config.redisUrl === undefined && siblingLinks()),
    })
    // The password is never logged: only the username and whether it was created. A cluster's primary has done it.
    if (cluster.isPrimary) {
      const superuser = await bootstrapSuperuser(config, server.core.settings, stores)
      if (superuser !== undefined) server.app.log.info({ event: 'superuser' }, superuser)
    }
  } catch (error) {
    await stores.close()
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }
  let address: string
  try {
    address = await server.app.listen({ host: config.host, port: config.port })
  } catch (error) {
    const message = listenFailure(error, config.host, config.port)
    if (message === undefined) throw error
    await server.app.close()
    await stores.close()
    fail(message)
  }
  const log = server.app.log
  // A cluster's workers leave the announcement to the primary, which makes it once all of them listen.
  if (cluster.isPrimary) {
    const database = redactDatabaseUrl(config.databaseUrl)
    // Keep "serving on <url> " (a space after the URL): scripts and tests wait for it.
    log.info(
      { event: 'server_started', address, database },
      `Latchkey is serving on ${address} (database: ${database})`,
    )
    if (config.generatedSecretFile)
      log.info(
        { event: 'development_secret', file: config.generatedSecretFile },
        'development secret key kept on disk',
      )
    if (!production) {
      const settings = server.core.settings
      const urls = {
        ...(settings.demo && { demo: `${address}/` }),
        ...(settings.docs && { docs: `${address}/docs/` }),
      }
      if (Object.keys(urls).length > 0) log.info({ event: 'development_urls', ...urls }, 'development pages')
      // Installed from npm the command is `npx latchkey`; in a clone, the npm script runs the sources.
      const cli = import.meta.url.includes('/node_modules/') ? 'npx latchkey' : 'npm run latchkey --'
      log.info({ event: 'first_user_hint' }, `Create a first user with: ${cli} createuser --username alice`)
    }
  }
  let stopping = false
  const stop = async (signal: NodeJS.Signals) => {
    // A worker may get both the terminal's SIGINT and its primary's SIGTERM: one shutdown.
    if (stopping) return
    stopping = true
    log.info(
      { event: 'shutdown_started', signal, drainMs: config.shutdownDrainMs },
      `${signal} received: draining, then closing`,
    )
    await server.shutdown({ drainMs: config.shutdownDrainMs })
    await stores.close()
    log.info({ event: 'shutdown_complete', signal }, 'in-flight requests finished: exiting 0')
    process.exit(0)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

if (import.meta.main) await serve()
