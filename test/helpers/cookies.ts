/** Reads `Set-Cookie` headers of an inject() response into name → { value, attributes }. */
export interface ParsedSetCookie {
  readonly value: string
  readonly raw: string
  readonly attributes: ReadonlyMap<string, string>
}

export function setCookies(headers: Record<string, unknown>): Map<string, ParsedSetCookie> {
  const raw = headers['set-cookie']
  const list = raw === undefined ? [] : Array.isArray(raw) ? (raw as string[]) : [String(raw)]
  const out = new Map<string, ParsedSetCookie>()
  for (const line of list) {
    const [pair, ...attrs] = line.split('; ')
    const eq = (pair ?? '').indexOf('=')
    const name = (pair ?? '').slice(0, eq)
    const attributes = new Map<string, string>()
    for (const attr of attrs) {
      const i = attr.indexOf('=')
      attributes.set(i === -1 ? attr : attr.slice(0, i), i === -1 ? '' : attr.slice(i + 1))
    }
    out.set(name, { value: (pair ?? '').slice(eq + 1), raw: line, attributes })
  }
  return out
}

/** A Cookie request header from name → value pairs. */
export function cookieHeader(cookies: Readonly<Record<string, string>>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ')
}

/** The decoded payload of a JWT (no verification). */
export function jwtPayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'))
}

export function jwtHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'))
}
