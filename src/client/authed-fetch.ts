import type { CsrfSource, CsrfToken } from './csrf.ts'
import { isUnsafeMethod } from './csrf.ts'
import { type AuthClientError, corsError, networkError, peekErrorCode } from './errors.ts'
import { pageOrigin } from './platform.ts'

export interface AuthedFetchDeps {
  readonly fetch: (request: Request) => Promise<Response>
  readonly csrf: CsrfSource
  readonly csrfHeaderName: string
  /** Memory mode's access token, sent as Bearer; undefined in cookie mode or before one is known. */
  readonly accessToken: () => string | undefined
  /** Resolves true when a refresh completed after `sentAt` (possibly in another tab) and the request may be retried. */
  readonly refresh: (sentAt: number) => Promise<boolean>
}

/**
 * The 401 codes that mean "no valid access token" rather than "no such user": `token_not_valid` for an expired or
 * revoked one, and `not_authenticated` for none at all — which is what an expired token looks like in cookie mode,
 * since the access cookie's Max-Age ends with the token and the browser stops sending it.
 */
const REFRESHABLE = new Set(['token_not_valid', 'not_authenticated'])

/**
 * The typed error for a fetch that threw. A browser throws the same bare TypeError for a refused connection and for
 * an answer CORS withholds, so a cross-origin failure is probed once more with a `no-cors` request, which CORS
 * never blocks (Fetch standard §4.1, "no-cors" responses are opaque, not errors): if that one gets an answer, the
 * server is up and the failure was CORS, `cors_rejected`; otherwise `network_error`.
 */
export async function fetchFailure(
  deps: Pick<AuthedFetchDeps, 'fetch'>,
  request: Request,
  cause: unknown,
): Promise<AuthClientError> {
  const page = pageOrigin()
  const api = new URL(request.url).origin
  if (page === undefined || page === api) return networkError(cause)
  try {
    await deps.fetch(
      new Request(request.url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store' }),
    )
    return corsError(page, api, cause)
  } catch {
    return networkError(cause)
  }
}

/** fetch, with a failure before any answer turned into the client's typed error. */
export async function fetchOrThrow(
  deps: Pick<AuthedFetchDeps, 'fetch'>,
  request: Request,
): Promise<Response> {
  try {
    return await deps.fetch(request)
  } catch (cause) {
    throw await fetchFailure(deps, request, cause)
  }
}

/** Frees an answer that will not be read, so its connection goes back to the pool. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel()
  } catch {
    // Already read or closed: nothing to free.
  }
}

/**
 * Sends a request to the Latchkey server's origin with credentials, the CSRF header on unsafe methods and, in memory
 * mode, the Bearer header. A 401 for a missing or expired access token is refreshed once and the request retried
 * once; a 403 `csrf_failed` for a token that came from the token endpoint (not the cookie) is retried once with a
 * fresh token, since the server may have rotated the secret behind it. `request` is never sent itself, only
 * clones, so its body can go out twice.
 */
export async function authedFetch(
  deps: AuthedFetchDeps,
  request: Request,
  options: { readonly refresh: boolean } = { refresh: true },
): Promise<Response> {
  let refreshed = !options.refresh
  let csrfRetried = false
  for (;;) {
    const attempt = request.clone()
    let csrf: CsrfToken | undefined
    if (isUnsafeMethod(attempt.method) && !attempt.headers.has(deps.csrfHeaderName)) {
      csrf = await deps.csrf.token()
      attempt.headers.set(deps.csrfHeaderName, csrf.value)
    }
    const access = deps.accessToken()
    if (access !== undefined && !attempt.headers.has('authorization'))
      attempt.headers.set('authorization', `Bearer ${access}`)
    const sentAt = Date.now()
    const response = await fetchOrThrow(deps, attempt)
    if (response.status === 401 && !refreshed && REFRESHABLE.has((await peekErrorCode(response)) ?? '')) {
      refreshed = true
      if (await deps.refresh(sentAt)) {
        await discard(response)
        continue
      }
      return response
    }
    if (
      response.status === 403 &&
      csrf?.fromMemory === true &&
      !csrfRetried &&
      (await peekErrorCode(response)) === 'csrf_failed'
    ) {
      csrfRetried = true
      deps.csrf.forget()
      await discard(response)
      continue
    }
    return response
  }
}
