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

/**
 * The authority of an absolute-form request target (`GET http://api.example.com/accounts/user/ HTTP/1.1`), which
 * a server must accept and whose authority then names the host instead of the Host field (RFC 9112 §3.2.2); any
 * user information before `@` dropped. Undefined for the usual origin-form (`/accounts/user/`).
 */
export function targetAuthority(url: string): string | undefined {
  if (url.startsWith('/')) return undefined
  const found = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)
  if (found === null) return undefined
  const authority = found[1] as string
  return authority.slice(authority.lastIndexOf('@') + 1)
}
