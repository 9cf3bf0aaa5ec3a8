import { ENDPOINTS, type Endpoint } from './endpoints.ts'

/** The path prefix under which every endpoint lives (`/accounts/`), for hosts that mount by prefix. */
export const ENDPOINT_PREFIX = '/accounts/'

export interface Match {
  readonly endpoint: Endpoint
  readonly params: Readonly<Record<string, string>>
}

/** Path parameters longer than this match nothing (a 404), as the server's router has always answered. */
const MAX_PARAM_LENGTH = 200

interface Compiled {
  readonly endpoint: Endpoint
  readonly pattern: RegExp
  readonly names: readonly string[]
}

/**
 * Each path matches with or without its trailing slash, answered in place, never redirected: Django's
 * APPEND_SLASH redirect would turn a POST into a GET and drop its body (Django's CommonMiddleware documents it).
 */
function compile(endpoint: Endpoint): Compiled {
  if (!endpoint.path.startsWith(ENDPOINT_PREFIX))
    throw new Error(`${endpoint.path} is outside ${ENDPOINT_PREFIX}`)
  const names: string[] = []
  const source = endpoint.path
    .replace(/\/$/, '')
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(segment.slice(1))
      return `([^/]{1,${MAX_PARAM_LENGTH}})`
    })
    .join('/')
  return { endpoint, pattern: new RegExp(`^${source}/?$`), names }
}

const COMPILED = ENDPOINTS.map(compile)

/**
 * The paths without parameters, with and without their trailing slash, each with the match the patterns give it:
 * one map lookup answers nearly every request, the patterns only the rest.
 */
const STATIC = new Map<string, Match>()
for (const { endpoint } of COMPILED) {
  if (endpoint.path.includes(':')) continue
  for (const path of [endpoint.path, endpoint.path.slice(0, -1)]) {
    const match = matchPattern(path)
    if (match !== undefined)
      STATIC.set(path, { endpoint: match.endpoint, params: Object.freeze(match.params) })
  }
}

/** The endpoint a path (without query) names, with its decoded parameters; undefined when it is not Latchkey's. */
export function matchEndpoint(path: string): Match | undefined {
  // Most requests a host passes through are its own: one prefix test turns them away.
  if (!path.startsWith(ENDPOINT_PREFIX)) return undefined
  return STATIC.get(path) ?? matchPattern(path)
}

/** The first endpoint whose pattern matches, in the table's order. */
function matchPattern(path: string): Match | undefined {
  for (const { endpoint, pattern, names } of COMPILED) {
    const found = pattern.exec(path)
    if (found === null) continue
    const params: Record<string, string> = {}
    try {
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] as string)
      })
    } catch {
      return undefined
    }
    return { endpoint, params }
  }
  return undefined
}
