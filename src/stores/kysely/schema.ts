import type { Generated } from 'kysely'

/**
 * The tables, as Kysely sees them. Times are integer epoch milliseconds and flags integers (0/1) on both SQLite and
 * PostgreSQL, so one query code serves both dialects without conversions.
 */
export interface UserTable {
  id: Generated<number>
  username: string
  password_hash: string
  first_name: string
  last_name: string
  email: string
  is_active: number
  is_staff: number
  is_superuser: number
  date_joined: number
  last_login: number | null
}

export interface SessionTable {
  id: string
  user_id: number
  created_at: number
  last_used_at: number
  expires_at: number
  current_jti: string
  current_issued_at: number
  previous_jti: string | null
  rotated_at: number | null
  revoked_at: number | null
  revoke_reason: string | null
  user_agent: string
  ip: string
}

export interface KeyTable {
  kid: string
  algorithm: string
  /** Encrypted with a key derived from the secret key; never readable from the database alone. */
  private_material: string
  public_jwk: string | null
  created_at: number
  activates_at: number
  retires_at: number | null
}

export interface Database {
  latchkey_user: UserTable
  latchkey_session: SessionTable
  latchkey_key: KeyTable
}

export type Dialect = 'sqlite' | 'postgres'
