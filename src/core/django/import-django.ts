import type { NewSession } from '../sessions/session.ts'
import { isTokenId } from '../sessions/token-id.ts'
import type { User } from '../users/user.ts'
import type { DjangoOutstandingToken, DjangoSource, DjangoUser } from './django-source.ts'
import type { DjangoImportStore, UserImportRecord } from './import-store.ts'
import { legacySessionId } from './legacy-tokens.ts'
import { djangoRowJson, mergeDjangoChanges, userFromDjango } from './merge-user.ts'

/** Rows per statement: well inside SQLite's and PostgreSQL's bound-parameter limits at 12 columns. */
const BATCH = 500
const MAX_ID = 2 ** 31 - 1

/** What an import found and did (with `dryRun`, what it would do). */
export interface DjangoImportReport {
  readonly dryRun: boolean
  /** Ids or usernames held by users created in Latchkey (or clashing otherwise): nothing was written. */
  readonly conflicts: readonly string[]
  readonly users: {
    readonly total: number
    readonly added: number
    readonly updated: number
    readonly unchanged: number
  }
  /** Imported users whose password cannot log in: Django's unusable `!…` marker. */
  readonly unusablePasswords: number
  /** Imported hashes of Django hashers Latchkey refuses, by algorithm (those users must reset their password). */
  readonly unsupportedHashes: Readonly<Record<string, number>>
  /** null when the Django database has no token_blacklist tables. */
  readonly sessions: {
    readonly live: number
    readonly added: number
    readonly blacklisted: number
    readonly revoked: number
  } | null
}

export interface DjangoImportInput {
  readonly source: DjangoSource
  readonly store: DjangoImportStore
  readonly now: number
  readonly dryRun: boolean
  /** Which hashes the login can verify (the password module's `isSupportedDjangoHash`). */
  readonly isSupportedHash: (encoded: string) => boolean
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

function checkRow(row: DjangoUser): string | undefined {
  if (!Number.isInteger(row.id) || row.id < 1 || row.id > MAX_ID)
    return `Django user id ${row.id} is not a 32-bit id`
  if (row.username === '') return `Django user id ${row.id} has an empty username`
  return undefined
}

interface Plan {
  readonly conflicts: string[]
  readonly writes: UserImportRecord[]
  readonly added: number
  readonly unchanged: number
}

/** Sorts every Django row into new, changed, unchanged or conflicting, against what Latchkey holds now. */
async function plan(rows: readonly DjangoUser[], store: DjangoImportStore): Promise<Plan> {
  const byId = new Map<number, UserImportRecord>()
  const byUsername = new Map<string, UserImportRecord>()
  for (const batch of chunks(rows, BATCH)) {
    const found = await store.findForImport(
      batch.map((r) => r.id),
      batch.map((r) => r.username),
    )
    for (const record of found) {
      byId.set(record.user.id, record)
      byUsername.set(record.user.username, record)
    }
  }
  const conflicts: string[] = []
  const writes: UserImportRecord[] = []
  let added = 0
  let unchanged = 0
  for (const row of rows) {
    const problem = checkRow(row)
    if (problem !== undefined) {
      conflicts.push(problem)
      continue
    }
    const holder = byId.get(row.id)
    if (holder !== undefined && holder.djangoRow === null) {
      conflicts.push(
        `id ${row.id} (Django user '${row.username}') belongs to '${holder.user.username}', a user created in Latchkey`,
      )
      continue
    }
    let user: User | undefined
    if (holder === undefined) user = userFromDjango(row)
    else user = mergeDjangoChanges(holder.user, JSON.parse(holder.djangoRow as string) as DjangoUser, row)
    const named = byUsername.get(user?.username ?? row.username)
    if (user !== undefined && named !== undefined && named.user.id !== row.id) {
      const whose = named.djangoRow === null ? 'a user created in Latchkey' : 'another imported user'
      conflicts.push(
        `username '${user.username}' (Django id ${row.id}) is taken by id ${named.user.id}, ${whose}`,
      )
      continue
    }
    if (user === undefined) unchanged++
    else {
      if (holder === undefined) added++
      writes.push({ user, djangoRow: djangoRowJson(row) })
    }
  }
  return { conflicts, writes, added, unchanged }
}

function sessionFrom(token: DjangoOutstandingToken & { userId: number }): NewSession {
  return {
    id: legacySessionId(token.jti),
    userId: token.userId,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    currentJti: token.jti,
    userAgent: '',
    ip: '',
  }
}

/**
 * Copies a Django deployment's users, and its SimpleJWT refresh tokens in flight, into Latchkey (`latchkey
 * import-django`). Safe to run again: Django's changes since the last run arrive (see `mergeDjangoChanges`), new
 * users and tokens are added, tokens blacklisted since are revoked. It refuses, writing nothing, when an id or
 * username belongs to a user created in Latchkey, and names each one. Live tokens become sessions whose id is a hash
 * of their `jti`, so the browser's refresh cookie finds its session (see `legacySessionId`).
 *
 * @example
 * const report = await importFromDjango({ source, store, now: Date.now(), dryRun: false, isSupportedHash })
 */
export async function importFromDjango(input: DjangoImportInput): Promise<DjangoImportReport> {
  const { source, store, now, dryRun } = input
  const rows = await source.users()
  const { conflicts, writes, added, unchanged } = await plan(rows, store)
  let unusablePasswords = 0
  const unsupportedHashes: Record<string, number> = {}
  for (const row of rows) {
    if (row.password.startsWith('!')) unusablePasswords++
    else if (!input.isSupportedHash(row.password)) {
      const algorithm = row.password.split('$', 1)[0] || '(unknown)'
      unsupportedHashes[algorithm] = (unsupportedHashes[algorithm] ?? 0) + 1
    }
  }
  const users = { total: rows.length, added, updated: writes.length - added, unchanged }
  const tokens = await source.outstandingTokens(now)
  const importedIds = new Set(rows.map((r) => r.id))
  const live = (tokens ?? []).filter(
    (t): t is DjangoOutstandingToken & { userId: number } =>
      !t.blacklisted &&
      t.expiresAt > now &&
      t.userId !== null &&
      importedIds.has(t.userId) &&
      isTokenId(t.jti),
  )
  const blacklisted = (tokens ?? []).filter((t) => t.blacklisted && t.expiresAt > now)
  const report = { dryRun, conflicts, users, unusablePasswords, unsupportedHashes }
  const counts = (sessionsAdded: number, revoked: number) =>
    tokens === null
      ? null
      : { live: live.length, added: sessionsAdded, blacklisted: blacklisted.length, revoked }
  if (conflicts.length > 0 || dryRun) return { ...report, sessions: counts(0, 0) }

  const maxId = rows.reduce((max, r) => Math.max(max, r.id), 0)
  if (maxId > 0) await store.reserveUserIds(maxId)
  for (const batch of chunks(writes, BATCH)) await store.upsertImportedUsers(batch)
  let sessionsAdded = 0
  for (const batch of chunks(live, BATCH))
    sessionsAdded += await store.addImportedSessions(batch.map(sessionFrom), now)
  let revoked = 0
  for (const batch of chunks(blacklisted, BATCH))
    revoked += await store.revokeUnusedImportedSessions(
      batch.map((t) => legacySessionId(t.jti)),
      now,
    )
  return { ...report, sessions: counts(sessionsAdded, revoked) }
}
