/**
 * Django's `validate_host`: the Host header (lower-cased, port removed unless the pattern names one) must equal an
 * allowed host, or end with a pattern that starts with a dot. An empty list allows any host.
 */
export function isAllowedHost(host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true
  if (host === undefined || host === '' || !/^[a-z0-9.\-:[\]]+$/i.test(host)) return false
  const lower = host.toLowerCase()
  const bare = lower.replace(/:\d+$/, '')
  return allowed.some((pattern) => {
    const target = pattern.includes(':') && !pattern.startsWith('[') ? lower : bare
    if (pattern.startsWith('.')) return target.endsWith(pattern) || target === pattern.slice(1)
    return target === pattern
  })
}
