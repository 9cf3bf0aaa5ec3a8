import { resolveOptions, type Settings } from '../core/options.ts'
import { configFromEnv, loadEnv, type ServerConfig } from '../server/env.ts'
import { openStores, type Stores } from '../server/open-stores.ts'

/** What every command reads: the same environment and database the server would use. */
export interface CliContext {
  readonly config: ServerConfig
  readonly settings: Settings
  readonly stores: Stores
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

export async function openCliContext(env: NodeJS.ProcessEnv, cwd: string): Promise<CliContext> {
  const config = configFromEnv(loadEnv(env, cwd), cwd)
  const settings = resolveOptions(config.options)
  const stores = await openStores(config.databaseUrl)
  await stores.migrate()
  return {
    config,
    settings,
    stores,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  }
}
