import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseEnv } from 'node:util'
import { ConfigError, type LatchkeyOptions, resolveOptions } from '../core/options.ts'
import type { ConfigDraft } from './env-forms.ts'
import { ENV_VARIABLES, TOOLING_VARIABLES } from './env-variables.ts'
import { nearestName } from './nearest-name.ts'
import { DEFAULT_LIMITS, limitProblems, type ServerLimits } from './server-limits.ts'
import type { TrustProxy } from './trust-proxy.ts'

/** What the deployable server needs beyond the library's options. */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  readonly databaseUrl: string
  /** Redis for revocation fan-out and shared rate limits; absent on a single instance. */
  readonly redisUrl: string | undefined
  /** `false`, a number of proxies, or their addresses (`LATCHKEY_TRUST_PROXY`). */
  readonly trustProxy: TrustProxy
  readonly logLevel: string
  /** After SIGTERM, how long to keep serving while readiness reports 503, before closing the listener. */
  readonly shutdownDrainMs: number
  /** How long start-up retries an unreachable database (`LATCHKEY_DB_CONNECT_TIMEOUT`). */
  readonly dbConnectTimeoutMs: number
  /** How many server processes share the port (`LATCHKEY_WORKERS`): the CPUs in production, 1 in development. */
  readonly workers: number
  /** Request, head and keep-alive timeouts and the connection cap (`LATCHKEY_REQUEST_TIMEOUT` …). */
  readonly limits: ServerLimits
  /** Longest a database statement may run (PostgreSQL statement timeout, SQLite busy timeout). */
  readonly databaseTimeoutMs: number
  /** Longest wait for a PostgreSQL connection, opening one or waiting for a free one in the pool. */
  readonly databaseAcquireTimeoutMs: number
  /** Longest a `/readyz` probe may take before its dependency counts as down. */
  readonly healthTimeoutMs: number
  readonly options: LatchkeyOptions
  /** Where the generated development secret was kept, when one was. */
  readonly generatedSecretFile?: string
  /** The first superuser, created by `serve` and `migrate` when no user has that name (LATCHKEY_SUPERUSER_*). */
  readonly superuser?: { readonly username: string; readonly password: string; readonly email: string }
}

/** The hosts a development server answers for when `LATCHKEY_ALLOWED_HOSTS` is unset (Django's, with DEBUG on). */
export const DEVELOPMENT_HOSTS: readonly string[] = ['.localhost', '127.0.0.1', '[::1]']

type Env = Readonly<Record<string, string | undefined>>

/** Reads `.env` (if present) under the real environment: a variable set in the environment wins. */
export function loadEnv(processEnv: Env, cwd: string): Env {
  const file = join(cwd, '.env')
  if (!existsSync(file)) return processEnv
  return { ...parseEnv(readFileSync(file, 'utf8')), ...processEnv }
}

/** The directory of a `sqlite:` URL's file, where development state (the generated secret) is kept. */
function dataDirectory(databaseUrl: string, cwd: string): string {
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length)
    if (path !== ':memory:') return dirname(resolve(cwd, path))
  }
  return join(cwd, 'data')
}

/**
 * The only reader of the environment. Turns the variables of `ENV_VARIABLES` into the server's configuration and
 * validates all of it — each variable's form, every `LATCHKEY_` name (a misspelt one is an error with the nearest
 * known name, never silently ignored), and the library's own rules on the resulting options — reporting every
 * problem at once, each under the variable to change.
 */
export function configFromEnv(env: Env, cwd: string): ServerConfig {
  const problems: string[] = []
  const draft: ConfigDraft = {
    host: '127.0.0.1',
    port: 8000,
    databaseUrl: 'sqlite:./data/latchkey.sqlite',
    redisUrl: undefined,
    trustProxy: false,
    logLevel: 'info',
    shutdownDrainMs: 1000,
    dbConnectTimeoutMs: 30_000,
    workers: undefined,
    databaseTimeoutMs: 2000,
    databaseAcquireTimeoutMs: 2000,
    healthTimeoutMs: 2000,
    limits: { ...DEFAULT_LIMITS },
    options: { production: false },
    superuser: {},
  }
  const known = ENV_VARIABLES.map((variable) => variable.name)
  for (const name of Object.keys(env)) {
    if (!name.startsWith('LATCHKEY_') || known.includes(name) || TOOLING_VARIABLES.includes(name)) continue
    const near = nearestName(name, known)
    problems.push(`${name}: not a Latchkey variable${near === undefined ? '' : ` (did you mean ${near}?)`}`)
  }
  for (const variable of ENV_VARIABLES) {
    const value = env[variable.name]
    if (value === undefined || value === '') continue
    if (!variable.read(value, draft))
      problems.push(
        `${variable.name}: ${variable.secret ? 'the value' : `'${value}'`} is not ${variable.form}`,
      )
  }
  const options = draft.options
  // The CSRF cookie follows the auth cookies unless set apart (Django has one CSRF_COOKIE_SECURE of its own, but
  // a deployment that makes one Secure or cross-site needs both).
  if (options.cookies?.secure !== undefined && options.csrf?.cookieSecure === undefined)
    options.csrf = { ...options.csrf, cookieSecure: options.cookies.secure }
  if (options.cookies?.sameSite !== undefined && options.csrf?.cookieSameSite === undefined)
    options.csrf = { ...options.csrf, cookieSameSite: options.cookies.sameSite }

  // Django's development default (DEBUG with an empty ALLOWED_HOSTS): the local names only, so a server reached
  // by any other name says so at once rather than in production. Production has no default: it refuses to start.
  if (options.allowedHosts === undefined && !options.production) options.allowedHosts = [...DEVELOPMENT_HOSTS]

  let generatedSecretFile: string | undefined
  if (options.secretKey === undefined && !options.production && problems.length === 0) {
    // Development only: a secret made once and kept beside the database, so restarts keep sessions valid.
    generatedSecretFile = join(dataDirectory(draft.databaseUrl, cwd), 'secret_key')
    if (existsSync(generatedSecretFile)) options.secretKey = readFileSync(generatedSecretFile, 'utf8').trim()
    else {
      options.secretKey = randomBytes(48).toString('base64url')
      mkdirSync(dirname(generatedSecretFile), { recursive: true })
      writeFileSync(generatedSecretFile, `${options.secretKey}\n`, { mode: 0o600 })
    }
  }
  problems.push(...limitProblems(draft.limits))
  problems.push(...optionProblems(options))
  if ((draft.superuser.username === undefined) !== (draft.superuser.password === undefined))
    problems.push('LATCHKEY_SUPERUSER_USERNAME and LATCHKEY_SUPERUSER_PASSWORD: set both or neither')
  if (problems.length > 0) throw new ConfigError(problems)
  return {
    host: draft.host,
    port: draft.port,
    databaseUrl: draft.databaseUrl,
    redisUrl: draft.redisUrl,
    trustProxy: draft.trustProxy,
    logLevel: draft.logLevel,
    shutdownDrainMs: draft.shutdownDrainMs,
    dbConnectTimeoutMs: draft.dbConnectTimeoutMs,
    // One per CPU in production on PostgreSQL; one on SQLite, where every rotation takes the file's single write lock
    // and two workers measured 0.63–0.68× the refresh throughput of one (bench/README.md, Workers).
    workers:
      draft.workers ??
      (options.production && !draft.databaseUrl.startsWith('sqlite:') ? availableParallelism() : 1),
    limits: { ...draft.limits },
    databaseTimeoutMs: draft.databaseTimeoutMs,
    databaseAcquireTimeoutMs: draft.databaseAcquireTimeoutMs,
    healthTimeoutMs: draft.healthTimeoutMs,
    options,
    ...(generatedSecretFile !== undefined && { generatedSecretFile }),
    ...(draft.superuser.username !== undefined &&
      draft.superuser.password !== undefined && {
        superuser: {
          username: draft.superuser.username,
          password: draft.superuser.password,
          email: draft.superuser.email ?? '',
        },
      }),
  }
}

/**
 * The library's own checks on the options the variables built (lifetimes in order, production rules, cookie
 * attributes), each reported under the variable that sets the option rather than the option's name.
 */
function optionProblems(options: LatchkeyOptions): string[] {
  // In development a missing secret is generated; judge the rest without reporting that.
  const checked =
    options.secretKey === undefined && !options.production ? { ...options, secretKey: '-' } : options
  try {
    resolveOptions(checked)
    return []
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return error.problems.map((problem) => {
      const option = problem.slice(0, problem.indexOf(':'))
      const variable = ENV_VARIABLES.find((v) => v.option === option)
      return variable === undefined ? problem : `${variable.name}${problem.slice(option.length)}`
    })
  }
}
