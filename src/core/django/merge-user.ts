import type { User } from '../users/user.ts'
import type { DjangoUser } from './django-source.ts'

/** The Django fields and the User fields they land in. */
const FIELDS = [
  ['username', 'username'],
  ['password', 'passwordHash'],
  ['firstName', 'firstName'],
  ['lastName', 'lastName'],
  ['email', 'email'],
  ['isActive', 'isActive'],
  ['isStaff', 'isStaff'],
  ['isSuperuser', 'isSuperuser'],
  ['dateJoined', 'dateJoined'],
  ['lastLogin', 'lastLogin'],
] as const satisfies readonly (readonly [keyof DjangoUser, keyof User])[]

/** The Latchkey user a Django row becomes on its first import: every field copied, the password hash verbatim. */
export function userFromDjango(row: DjangoUser): User {
  const user: Record<string, unknown> = { id: row.id }
  for (const [from, to] of FIELDS) user[to] = row[from]
  return user as unknown as User
}

/** The JSON kept beside an imported user: the Django row exactly as imported, in a fixed key order. */
export function djangoRowJson(row: DjangoUser): string {
  return JSON.stringify({ id: row.id, ...Object.fromEntries(FIELDS.map(([from]) => [from, row[from]])) })
}

/**
 * A three-way merge for a user imported before: a field Django changed since that import (`previous` → `current`)
 * takes Django's new value; any other keeps Latchkey's, so a password upgraded to argon2id at a Latchkey login, or a
 * `latchkey deactivateuser`, survives a second import, while a password changed in Django meanwhile arrives.
 * Returns the merged user, or undefined when Django changed nothing.
 */
export function mergeDjangoChanges(
  stored: User,
  previous: DjangoUser,
  current: DjangoUser,
): User | undefined {
  if (djangoRowJson(previous) === djangoRowJson(current)) return undefined
  const merged: Record<string, unknown> = { ...stored }
  for (const [from, to] of FIELDS) if (previous[from] !== current[from]) merged[to] = current[from]
  return merged as unknown as User
}
