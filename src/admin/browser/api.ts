import type { AuthClient } from '../../client/index.ts'

export interface AdminUser {
  readonly id: number
  readonly username: string
  readonly email: string
  readonly first_name: string
  readonly last_name: string
  readonly is_active: boolean
  readonly is_staff: boolean
  readonly is_superuser: boolean
  readonly date_joined: string
  readonly last_login: string | null
}

export interface AdminSession {
  readonly id: string
  readonly created: string
  readonly last_used: string
  readonly expires: string
  readonly user_agent: string
  readonly ip: string
}

export interface AuditEvent {
  readonly id: number
  readonly type: string
  readonly at: string
  readonly user: number | null
  readonly actor: number | null
  readonly session: string | null
  readonly ip: string
  readonly user_agent: string
  readonly detail: Readonly<Record<string, string | number | boolean | null>>
}

export interface Page<T> {
  readonly count: number
  readonly next: string | null
  readonly previous: string | null
  readonly results: readonly T[]
}

/** An error answer of the admin API: its `detail`, `code` and DRF field errors. */
export class AdminApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: Readonly<Record<string, readonly string[]>>

  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body.detail === 'string' ? body.detail : `HTTP ${status}`)
    this.status = status
    this.code = typeof body.code === 'string' ? body.code : 'error'
    const fields: Record<string, readonly string[]> = {}
    for (const [name, value] of Object.entries(body))
      if (Array.isArray(value) && value.every((m) => typeof m === 'string')) fields[name] = value
    this.fields = fields
  }
}

const BASE = '/accounts/admin'

/**
 * The admin API through `latchkey/client`'s fetch: it adds the CSRF header to unsafe methods and refreshes the
 * access token once on a 401, exactly as the app's own calls would.
 */
export function adminApi(auth: AuthClient) {
  async function call<T>(method: string, path: string, body?: object): Promise<T> {
    const response = await auth.fetch(`${BASE}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    if (response.status === 204) return undefined as T
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>
    if (!response.ok) throw new AdminApiError(response.status, json)
    return json as T
  }
  const query = (params: Record<string, string>) => {
    const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString()
    return search === '' ? '' : `?${search}`
  }
  return {
    users: (params: Record<string, string>) => call<Page<AdminUser>>('GET', `/users/${query(params)}`),
    user: (id: number) => call<AdminUser>('GET', `/users/${id}/`),
    create: (fields: object) => call<AdminUser>('POST', '/users/', fields),
    update: (id: number, fields: object) => call<AdminUser>('PATCH', `/users/${id}/`, fields),
    remove: (id: number) => call<void>('DELETE', `/users/${id}/`),
    setPassword: (id: number, password: string, revokeSessions: boolean) =>
      call<{ revoked_sessions: number }>('POST', `/users/${id}/set_password/`, {
        password,
        revoke_sessions: revokeSessions,
      }),
    sessions: (id: number) => call<AdminSession[]>('GET', `/users/${id}/sessions/`),
    logoutAll: (id: number) => call<{ revoked_sessions: number }>('POST', `/users/${id}/logout_all/`),
    revokeSession: (id: string) => call<void>('DELETE', `/sessions/${id}/`),
    events: (params: Record<string, string>) => call<Page<AuditEvent>>('GET', `/events/${query(params)}`),
  }
}

export type AdminApi = ReturnType<typeof adminApi>
