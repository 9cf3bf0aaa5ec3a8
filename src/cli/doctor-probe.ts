import { siteRelation } from '../core/browser/site.ts'

export interface ProbeStep {
  readonly request: string
  readonly status: number
  /** The headers that decide the browser's behaviour, as received (cookie values hidden). */
  readonly headers: readonly string[]
  /** The error `code` of a JSON error answer. */
  readonly code?: string
  readonly detail?: string
}

export interface ProbeResult {
  readonly steps: readonly ProbeStep[]
  readonly failures: readonly string[]
}

const SHOWN = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
]

/** A Set-Cookie header without its value: the name and the attributes that decide whether a browser keeps it. */
function cookieShape(header: string): string {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim())
  const name = pair.slice(0, pair.indexOf('='))
  return `set-cookie: ${name}=…; ${attributes.filter((a) => !/^expires=/i.test(a)).join('; ')}`
}

async function step(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<ProbeStep> {
  const response = await fetch(url, {
    method,
    headers,
    ...(body !== undefined && { body }),
    redirect: 'manual',
  })
  const shown = SHOWN.flatMap((name) => {
    const value = response.headers.get(name)
    return value === null ? [] : [`${name}: ${value}`]
  })
  shown.push(...response.headers.getSetCookie().map(cookieShape))
  let code: string | undefined
  let detail: string | undefined
  if (response.status >= 400) {
    const parsed = (await response.json().catch(() => undefined)) as
      | { code?: unknown; detail?: unknown }
      | undefined
    if (typeof parsed?.code === 'string') code = parsed.code
    if (typeof parsed?.detail === 'string') detail = parsed.detail
  } else await response.body?.cancel()
  return {
    request: `${method} ${new URL(url).pathname}`,
    status: response.status,
    headers: shown,
    ...(code !== undefined && { code }),
    ...(detail !== undefined && { detail }),
  }
}

/**
 * Sends what a browser on `frontend` sends to a running server at `api` — the CORS preflight of a login, the CSRF
 * token request and a login with no credentials (it never checks a password, so it counts against no limit) — with
 * the browser's `Origin` and fetch metadata, and reports the headers that came back.
 *
 * @example await probe('http://localhost:5173', 'http://localhost:8000')
 */
export async function probe(frontend: string, api: string): Promise<ProbeResult> {
  const base = api.replace(/\/+$/, '')
  const relation = siteRelation(frontend, api) ?? 'cross-site'
  const browser = { origin: frontend, 'sec-fetch-site': relation, 'sec-fetch-mode': 'cors' }
  const steps: ProbeStep[] = []
  const failures: string[] = []
  const preflight = await step('OPTIONS', `${base}/accounts/auth/login/`, {
    origin: frontend,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'content-type,x-csrftoken',
  })
  steps.push(preflight)
  if (relation !== 'same-origin' && !preflight.headers.includes(`access-control-allow-origin: ${frontend}`))
    failures.push(
      `the preflight got no access-control-allow-origin for ${frontend}: the browser will not send the login`,
    )
  steps.push(await step('GET', `${base}/accounts/csrf_token/`, browser))
  const login = await step(
    'POST',
    `${base}/accounts/auth/login/`,
    { ...browser, 'content-type': 'application/json' },
    '{}',
  )
  steps.push(login)
  // An empty login passes every browser-facing check and stops at the missing fields (400 invalid).
  if (login.code !== undefined && login.code !== 'invalid')
    failures.push(
      `the login was refused before the credentials: ${login.status} ${login.code}: ${login.detail ?? ''}`,
    )
  return { steps, failures }
}
