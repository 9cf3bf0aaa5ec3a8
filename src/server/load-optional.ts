import { ConfigError } from '../core/options.ts'

/**
 * Loads a module whose driver is an optional peer dependency (pg for PostgreSQL, ioredis for Redis), only when the
 * configuration asks for it: a server on SQLite installs and loads neither. A missing driver is a configuration
 * error that names the package to install, not a stack trace from deep inside an import.
 */
export async function loadOptional<T>(load: () => Promise<T>, setting: string, driver: string): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const missing =
      error instanceof Error &&
      'code' in error &&
      error.code === 'ERR_MODULE_NOT_FOUND' &&
      error.message.includes(`'${driver}'`)
    if (!missing) throw error
    throw new ConfigError([`${setting} needs the '${driver}' package: npm install ${driver}`])
  }
}
