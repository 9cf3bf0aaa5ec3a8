import type { PasswordHasher } from '../passwords/password-hasher.ts'
import type { UserStore } from './user.ts'
import { normalizeUsername, usernameProblems } from './username.ts'

export interface SuperuserSpec {
  readonly username: string
  readonly password: string
  readonly email: string
}

export type EnsureOutcome = 'created' | 'exists'

/**
 * Creates the first superuser (staff and superuser) when no user of that name exists, as the reference's start
 * script runs `createsuperuser --noinput` from `DJANGO_SUPERUSER_*`. An existing user is never changed — not its
 * password, not its flags — so restarting with the variables still set is harmless. As with Django's
 * `--noinput`, the password validators are not applied: the operator chose it. The password is never logged.
 *
 * @example
 * await ensureSuperuser(stores.users, core.hasher, { username: 'root', password, email: '' }, Date.now())
 */
export async function ensureSuperuser(
  users: UserStore,
  hasher: PasswordHasher,
  spec: SuperuserSpec,
  now: number,
): Promise<EnsureOutcome> {
  const username = normalizeUsername(spec.username)
  const problems = usernameProblems(username)
  if (problems.length > 0) throw new Error(`LATCHKEY_SUPERUSER_USERNAME: ${problems.join(' ')}`)
  if (spec.password === '') throw new Error('LATCHKEY_SUPERUSER_PASSWORD: must not be empty')
  if ((await users.findByUsername(username)) !== undefined) return 'exists'
  const created = await users.create(
    {
      username,
      passwordHash: await hasher.hash(spec.password),
      email: spec.email,
      isStaff: true,
      isSuperuser: true,
    },
    now,
  )
  // Another instance starting at the same moment created it first: the unique index decided.
  return created === undefined ? 'exists' : 'created'
}
