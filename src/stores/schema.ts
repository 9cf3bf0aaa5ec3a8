import type { Generated } from 'kysely'
import type { RevokeReason } from '../core/sessions/session.ts'
import type { SigningAlgorithm } from '../core/tokens/key-store.ts'

/**
 * The tables as Kysely sees them, for SQLite and PostgreSQL alike. Times are integer epoch milliseconds (`bigint` on
 * PostgreSQL, read back as numbers) and flags are integers 0/1 on both, so one query code serves both dialects with
 * no per-dialect conversion.
 */
export interface UserTable {
  /** 32-bit, like Django's `auth_user.id` (an AutoField). */
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
  /** The Django row as `latchkey import-django` last copied it (JSON); null for users created in Latchkey. */
  django_row: string | null
  /** 1 on users created by Latchkey, whose names are unique up to case (a partial unique index); 0 otherwise. */
  case_unique: Generated<number>
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
  revoke_reason: RevokeReason | null
  user_agent: string
  ip: string
}

export interface KeyTable {
  kid: string
  algorithm: SigningAlgorithm
  /** Encrypted with a key derived from the secret key; never readable from the database alone. */
  private_material: string
  public_jwk: string | null
  created_at: number
  activates_at: number
  retires_at: number | null
}

export interface AuditEventTable {
  id: Generated<number>
  at: number
  type: string
  user_id: number | null
  actor_id: number | null
  session_id: string | null
  ip: string
  user_agent: string
  /** A JSON object of ids, names, reasons and counts. */
  detail: string
}

export interface ServiceClockTable {
  id: number
  offset_ms: number
  last_beat_ms: number | null
}

export interface Database {
  latchkey_user: UserTable
  latchkey_session: SessionTable
  latchkey_key: KeyTable
  latchkey_audit_event: AuditEventTable
  latchkey_service_clock: ServiceClockTable
}

/** The SQL dialects the Kysely stores run on; code branches on it only where the two must differ. */
export type Dialect = 'sqlite' | 'postgres'
