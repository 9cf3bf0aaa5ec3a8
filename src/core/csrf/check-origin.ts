import { type AuthRequest, headerValue } from '../http.ts'

/** `scheme://host[:port]` of the request itself, from its Host header and transport. */
export function requestOrigin(request: AuthRequest): string | undefined {
  const host = headerValue(request.headers, 'host')
  if (host === undefined || host === '') return undefined
  return `${request.secure ? 'https' : 'http'}://${host}`
}

interface ParsedOrigin {
  readonly scheme: string
  readonly host: string
}

function parseOrigin(value: string): ParsedOrigin | undefined {
  try {
    const url = new URL(value)
    if (url.host === '') return undefined
    return { scheme: url.protocol.slice(0, -1), host: url.host }
  } catch {
    return undefined
  }
}

/**
 * Whether an origin is trusted: exactly one of the configured origins (scheme and port count), or a Django-style
 * wildcard entry `https://*.example.com` matching a subdomain over the same scheme.
 */
export function isTrustedOrigin(origin: string, trusted: readonly string[]): boolean {
  if (trusted.includes(origin)) return true
  const parsed = parseOrigin(origin)
  if (parsed === undefined) return false
  return trusted.some((entry) => {
    const wildcard = /^([a-z]+):\/\/\*(\.[^/]+)$/i.exec(entry)
    return wildcard !== null && wildcard[1] === parsed.scheme && parsed.host.endsWith(wildcard[2] as string)
  })
}

/** Django's `_origin_verified`: the request's own origin, or a trusted one. `null` never passes. */
export function originVerified(request: AuthRequest, origin: string, trusted: readonly string[]): boolean {
  if (origin === requestOrigin(request)) return true
  return isTrustedOrigin(origin, trusted)
}

/**
 * Django's `_check_referer`, applied to HTTPS requests without an Origin header. Returns the reason it fails, or
 * undefined when the Referer is acceptable.
 */
export function refererProblem(request: AuthRequest, trusted: readonly string[]): string | undefined {
  const referer = headerValue(request.headers, 'referer')
  if (referer === undefined) return 'Referer checking failed - no Referer.'
  let url: URL
  try {
    url = new URL(referer)
  } catch {
    return 'Referer checking failed - Referer is malformed.'
  }
  if (url.host === '' || !['http:', 'https:'].includes(url.protocol) || !/^https?:\/\/[^/]/.test(referer))
    return 'Referer checking failed - Referer is malformed.'
  if (url.protocol !== 'https:') return 'Referer checking failed - Referer is insecure while host is secure.'
  const own = headerValue(request.headers, 'host')
  const good = url.host === own || isTrustedOrigin(url.origin, trusted)
  return good ? undefined : `Referer checking failed - ${referer} does not match any trusted origins.`
}
