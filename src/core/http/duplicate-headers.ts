import type { HeaderMap, HeaderValue } from '../http.ts'

/**
 * Fields that may appear once only, where two values would let two parties read the request differently: a proxy
 * routing on the first `Host` and the application checking the last, or two credentials of which one is silently
 * used. RFC 9110 §5.3 forbids sending a non-list field twice; §7.2 makes two `Host` lines a 400 (RFC 9112 §3.2:
 * "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1 request message that … contains more
 * than one Host header field line"). Node keeps only the first of each, so adapters hand over the list they had.
 */
const SINGLETONS = [
  ['host', 'Host'],
  ['authorization', 'Authorization'],
] as const

/**
 * Whether one value holds two field lines joined as the Fetch API joins them (`a, b`): a host never contains a
 * comma, and a Bearer credential is one token68 (RFC 6750 §2.1), which has none either.
 */
function joined(name: string, value: string): boolean {
  if (!value.includes(',')) return false
  return name === 'host' || /^bearer\s/i.test(value)
}

/** Whether a singleton field's value holds more than one field line. */
export function isRepeated(name: (typeof SINGLETONS)[number][0], value: HeaderValue): boolean {
  if (value === undefined) return false
  return typeof value === 'string' ? joined(name, value) : value.length > 1
}

/** The display name of the first field sent more than once, or undefined when every singleton is single. */
export function duplicateSingleton(headers: HeaderMap): string | undefined {
  for (const [name, display] of SINGLETONS) if (isRepeated(name, headers[name])) return display
  return undefined
}

/**
 * The singleton fields of a Node request as they arrived: Node's `headers` keeps the first `Host` and the first
 * `Authorization` and drops the rest, so a repeated one is handed over as its list (from `rawHeaders`) for the
 * core to refuse. The common case — each sent once — allocates nothing.
 *
 * @example
 * const headers = withRepeatedSingletons(req.headers, req.rawHeaders)
 */
export function withRepeatedSingletons(headers: HeaderMap, rawHeaders: readonly string[]): HeaderMap {
  let hosts = 0
  let authorizations = 0
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const field = rawHeaders[i] as string
    // Lengths first, and the usual spellings before a lower-cased copy: this runs over every header of every request.
    if (field.length === 4) {
      if (field === 'Host' || field === 'host' || field.toLowerCase() === 'host') hosts++
    } else if (field.length === 13) {
      if (field === 'Authorization' || field === 'authorization' || field.toLowerCase() === 'authorization')
        authorizations++
    }
  }
  if (hosts < 2 && authorizations < 2) return headers
  const repeated: Record<string, string[]> = {}
  for (const [name] of SINGLETONS) {
    const values: string[] = []
    for (let i = 0; i < rawHeaders.length; i += 2)
      if ((rawHeaders[i] as string).toLowerCase() === name) values.push(rawHeaders[i + 1] as string)
    if (values.length > 1) repeated[name] = values
  }
  return { ...headers, ...repeated }
}
