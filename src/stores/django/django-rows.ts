import type { DjangoOutstandingToken, DjangoUser } from '../../core/django/django-source.ts'

/** The columns both readers select, in Django's own names. */
export const USER_COLUMNS =
  'id, username, password, first_name, last_name, email, is_active, is_staff, is_superuser, date_joined, last_login'

export const TOKEN_COLUMNS = 'o.jti, o.user_id, o.created_at, o.expires_at, (b.id is not null) as blacklisted'

/** Outstanding tokens joined with their blacklist entry; the driver supplies the `expires_at > now` placeholder. */
export const TOKEN_FROM =
  'token_blacklist_outstandingtoken o left join token_blacklist_blacklistedtoken b on b.token_id = o.id'

export interface RawUserRow {
  readonly id: unknown
  readonly username: unknown
  readonly password: unknown
  readonly first_name: unknown
  readonly last_name: unknown
  readonly email: unknown
  readonly is_active: unknown
  readonly is_staff: unknown
  readonly is_superuser: unknown
  readonly date_joined: unknown
  readonly last_login: unknown
}

export interface RawTokenRow {
  readonly jti: unknown
  readonly user_id: unknown
  readonly created_at: unknown
  readonly expires_at: unknown
  readonly blacklisted: unknown
}

/**
 * A Django datetime as epoch milliseconds: PostgreSQL's `timestamptz` arrives as a Date; SQLite holds text such as
 * `2026-11-22 10:11:03.123456` in UTC (Django writes UTC there when USE_TZ is on, its default since 5.0 and in
 * every `startproject` settings file since 1.4).
 */
export function djangoTime(value: unknown): number {
  if (value instanceof Date) return value.getTime()
  const text = String(value)
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*([+-]\d{2}:\d{2}|Z)?$/.exec(text)
  if (match === null) throw new Error(`unreadable Django datetime '${text}'`)
  return Date.parse(`${match[1]}T${match[2]}${match[3] ?? ''}${match[4] ?? 'Z'}`)
}

const bool = (value: unknown) => value === true || value === 1 || value === 1n || value === '1'

export function toDjangoUser(row: RawUserRow): DjangoUser {
  return {
    id: Number(row.id),
    username: String(row.username),
    password: String(row.password),
    firstName: String(row.first_name ?? ''),
    lastName: String(row.last_name ?? ''),
    email: String(row.email ?? ''),
    isActive: bool(row.is_active),
    isStaff: bool(row.is_staff),
    isSuperuser: bool(row.is_superuser),
    dateJoined: djangoTime(row.date_joined),
    lastLogin: row.last_login === null ? null : djangoTime(row.last_login),
  }
}

export function toOutstandingToken(row: RawTokenRow): DjangoOutstandingToken {
  return {
    jti: String(row.jti),
    userId: row.user_id === null ? null : Number(row.user_id),
    createdAt: djangoTime(row.created_at),
    expiresAt: djangoTime(row.expires_at),
    blacklisted: bool(row.blacklisted),
  }
}
