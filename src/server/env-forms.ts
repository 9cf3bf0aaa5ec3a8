import { isIP } from 'node:net'
import { isCookieDomain, SAME_SITE_VALUES } from '../core/cookies/cookie-attributes.ts'
import { parseDuration } from '../core/duration.ts'
import type { LatchkeyOptions } from '../core/options.ts'
import type { ServerLimits } from './server-limits.ts'
import type { TrustProxy } from './trust-proxy.ts'

/**
 * The forms a `LATCHKEY_*` variable can take, and the draft they write into: `env-variables.ts` lists the variables,
 * each one entry built from these.
 */

/** The server's configuration while the variables are read; `configFromEnv` checks and freezes it. */
export interface ConfigDraft {
  host: string
  port: number
  databaseUrl: string
  redisUrl: string | undefined
  trustProxy: TrustProxy
  logLevel: string
  shutdownDrainMs: number
  /** How long start-up keeps retrying an unreachable database before giving up. */
  dbConnectTimeoutMs: number
  /** Server processes sharing the port; unset means the default (the CPUs in production, 1 otherwise). */
  workers: number | undefined
  databaseTimeoutMs: number
  databaseAcquireTimeoutMs: number
  healthTimeoutMs: number
  /** Timeouts and the connection cap. */
  limits: { -readonly [K in keyof ServerLimits]: ServerLimits[K] }
  readonly options: LatchkeyOptions
  /** LATCHKEY_SUPERUSER_*: the first superuser `serve` and `migrate` create when no user has that name. */
  readonly superuser: { username?: string; password?: string; email?: string }
}

/**
 * One environment variable: its name, the form it accepts (quoted in every problem about it), the library option it
 * feeds (so the option's own problems are reported under the variable's name), and how a set, non-empty value is
 * read. `read` returns false when the value is not of the form.
 */
export interface EnvVariable {
  readonly name: string
  readonly form: string
  readonly option?: string
  /** Never echo the value in a problem (it may hold a secret or a password). */
  readonly secret?: boolean
  readonly read: (value: string, draft: ConfigDraft) => boolean
}

/** Sets a dotted option path (`cookies.secure`) on the options object, creating the nested object as needed. */
export function setOption(options: LatchkeyOptions, path: string, value: unknown): void {
  const keys = path.split('.')
  let target = options as Record<string, unknown>
  for (const key of keys.slice(0, -1)) {
    const next = (target[key] ?? {}) as Record<string, unknown>
    target[key] = next
    target = next
  }
  target[keys.at(-1) as string] = value
}

export function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

export const TRUE = /^(true|1|yes|on)$/i
export const FALSE = /^(false|0|no|off)$/i
export const ORIGIN = /^https?:\/\/[^/\s:@]+(:\d{1,5})?$/
/** A host name (labels) or an IP address, optionally `:port`, or a leading-dot pattern: never a URL. */
export const HOST_PATTERN = /^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i
export const IPV6_HOST = /^\[[0-9a-f:.]+\](:\d{1,5})?$/i
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export function isCidrOrAddress(entry: string): boolean {
  const [address, bits, extra] = entry.split('/')
  if (extra !== undefined || address === undefined) return false
  const family = isIP(address)
  if (family === 0) return false
  if (bits === undefined) return true
  const n = Number(bits)
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128)
}

/**
 * `true`/`false` (also 1/0, yes/no, on/off) onto an option.
 *
 * @example boolean('LATCHKEY_DOCS', 'docs')
 */
export function boolean(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "'true' or 'false'",
    read: (value, draft) => {
      if (!TRUE.test(value) && !FALSE.test(value)) return false
      setOption(draft.options, option, TRUE.test(value))
      return true
    },
  }
}

/**
 * A duration with a unit onto a library option (checked again, with its bounds, by `resolveOptions`).
 *
 * @example duration('LATCHKEY_LEEWAY', 'leeway', '0s')
 */
export function duration(name: string, option: string, example: string): EnvVariable {
  return {
    name,
    option,
    form: `a duration such as '${example}' (a whole number and one of ms, s, m, h, d)`,
    read: (value, draft) => {
      if (parseDuration(value) === undefined) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}

/**
 * A duration the server itself uses, in milliseconds.
 *
 * @example serverDuration('LATCHKEY_SHUTDOWN_DRAIN', '1s', (draft, ms) => { draft.shutdownDrainMs = ms })
 */
export function serverDuration(
  name: string,
  example: string,
  set: (draft: ConfigDraft, ms: number) => void,
  allowZero = true,
): EnvVariable {
  return {
    name,
    form: `a duration such as '${example}' (a whole number and one of ms, s, m, h, d${allowZero ? '' : '; above zero'})`,
    read: (value, draft) => {
      const ms = parseDuration(value)
      if (ms === undefined || (!allowZero && ms === 0)) return false
      set(draft, ms)
      return true
    },
  }
}

export function origins(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "comma-separated origins such as 'https://app.example.com' (scheme, host and port only)",
    read: (value, draft) => {
      const entries = list(value)
      // Django's CSRF_TRUSTED_ORIGINS accepts one leading wildcard label; CORS lists never do.
      const wildcard = option === 'csrf.trustedOrigins'
      if (!entries.every((e) => ORIGIN.test(wildcard ? e.replace('://*.', '://') : e))) return false
      setOption(draft.options, option, entries)
      return true
    },
  }
}

export function limit(name: string, option: string, example: string): EnvVariable {
  return {
    name,
    option,
    form: `a limit such as '${example}' (failures per window)`,
    read: (value, draft) => {
      const [count, window, extra] = value.split('/')
      const ms = parseDuration(window ?? '')
      if (extra !== undefined || !/^\d+$/.test(count ?? '') || Number(count) < 1 || !ms) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}

export function sameSite(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "'Lax', 'Strict' or 'None'",
    read: (value, draft) => {
      if (!SAME_SITE_VALUES.includes(value)) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}

export function cookieDomain(name: string, option: string): EnvVariable {
  return {
    name,
    option,
    form: "a host name such as 'example.com' (no scheme, port, ';' or space)",
    read: (value, draft) => {
      if (!isCookieDomain(value)) return false
      setOption(draft.options, option, value)
      return true
    },
  }
}
