import { estimateSecretBits } from './secret-strength.ts'

/** The settings the production rules judge, as `resolveOptions` has merged them. */
export interface ProductionCandidate {
  readonly secretKey: string
  readonly cookies: { readonly secure: boolean; readonly httpOnly: boolean }
  readonly csrf: { readonly enabled: boolean; readonly cookieSecure: boolean }
  readonly allowedHosts: readonly string[]
}

/** HS256 keys should carry at least as much entropy as the hash's output (RFC 7518 §3.2: "at least 256 bits"). */
export const MIN_SECRET_BITS = 256

/**
 * What `production: true` refuses, each problem naming the option (and the server's variable): a guessable secret,
 * cookies a page script or a plain-http hop could read, and CSRF protection switched off. Each is a setting that
 * is convenient in development and a vulnerability in production (OWASP ASVS 5.0 V3.3 cookie attributes, V9.1
 * token signing keys; Django's `check --deploy` warns on the same CSRF and cookie settings).
 *
 * @example productionProblems({ secretKey: 'a'.repeat(40), cookies, csrf, allowedHosts: [] }) // ['secretKey: … entropy …']
 */
export function productionProblems(candidate: ProductionCandidate): string[] {
  const problems: string[] = []
  const bits = estimateSecretBits(candidate.secretKey)
  if (candidate.secretKey !== '' && bits < MIN_SECRET_BITS)
    problems.push(
      `secretKey: in production the secret key needs at least ${MIN_SECRET_BITS} bits of entropy (estimated ${Math.floor(bits)}: repeated characters, sequences and words count for little); generate one with 'openssl rand -base64 48' (LATCHKEY_SECRET_KEY)`,
    )
  if (!candidate.cookies.secure)
    problems.push('cookies.secure: production requires Secure auth cookies (LATCHKEY_COOKIE_SECURE=true)')
  if (!candidate.csrf.cookieSecure)
    problems.push(
      'csrf.cookieSecure: production requires a Secure CSRF cookie (LATCHKEY_CSRF_COOKIE_SECURE=true)',
    )
  if (!candidate.cookies.httpOnly)
    problems.push(
      'cookies.httpOnly: production requires HttpOnly auth cookies (set it to true or leave it out)',
    )
  if (!candidate.csrf.enabled)
    problems.push(
      'csrf.enabled: production requires CSRF protection for cookie-authenticated requests (set it to true or leave it out)',
    )
  // Django refuses every host when DEBUG is off and ALLOWED_HOSTS is empty; answering any Host would let a forged
  // one reach the CSRF Origin check, which compares against it (Django's `validate_host`, OWASP ASVS 5.0 4.1.2).
  if (candidate.allowedHosts.length === 0)
    problems.push(
      "allowedHosts: production requires the host names this server answers for, such as 'api.example.com' (LATCHKEY_ALLOWED_HOSTS)",
    )
  return problems
}
