import { parseArgs } from 'node:util'
import { adminUserBody } from '../core/admin/admin-bodies.ts'
import { CLI_ACTOR } from '../core/audit/record-admin-action.ts'
import type { AuthContext } from '../core/context.ts'
import { isAuthError } from '../core/errors.ts'
import {
  changeUser,
  createUser,
  deleteUser,
  listUsers,
  reactivate,
  setUserPassword,
  updateUser,
} from '../core/users/manage-users.ts'
import type { User, UserChange } from '../core/users/user.ts'
import { normalizeUsername } from '../core/users/username.ts'
import type { CliContext } from './cli-context.ts'
import { openCliCore } from './cli-core.ts'
import { passwordFromStdin, promptHidden } from './read-password.ts'
import { USERS_HELP } from './users-help.ts'

/** A bad argument or a refused operation: exit 1 with this one line. */
class Refused extends Error {}

type Values = Record<string, string | boolean | undefined>

const COMMON = { json: { type: 'boolean' }, id: { type: 'string' }, username: { type: 'string' } } as const
const PROFILE = {
  email: { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
} as const

const OPTIONS = {
  list: {
    json: { type: 'boolean' },
    search: { type: 'string' },
    active: { type: 'string' },
    staff: { type: 'string' },
    page: { type: 'string' },
    'page-size': { type: 'string' },
  },
  show: COMMON,
  create: {
    json: { type: 'boolean' },
    username: { type: 'string' },
    ...PROFILE,
    staff: { type: 'boolean' },
    superuser: { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
  },
  update: { ...COMMON, ...PROFILE, staff: { type: 'string' }, superuser: { type: 'string' } },
  'set-password': { ...COMMON, 'password-stdin': { type: 'boolean' }, 'keep-sessions': { type: 'boolean' } },
  deactivate: COMMON,
  activate: COMMON,
  delete: { ...COMMON, yes: { type: 'boolean' } },
} as const

type Action = keyof typeof OPTIONS

/** Field names on the wire → the option that sets them, for one-line reasons. */
const OPTION_OF: Readonly<Record<string, string>> = {
  username: '--username',
  email: '--email',
  first_name: '--first-name',
  last_name: '--last-name',
  password: 'password',
  is_active: 'the user',
  is_superuser: '--superuser',
  non_field_errors: 'the user',
}

function flag(values: Values, name: string): boolean | undefined {
  const value = values[name]
  if (value === undefined) return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw new Refused(`--${name} must be true or false`)
}

function positive(values: Values, name: string): number | undefined {
  const value = values[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,8}$/.test(value))
    throw new Refused(`--${name} must be a positive integer`)
  return Number(value)
}

async function target(core: AuthContext, values: Values): Promise<User> {
  const { id, username } = values
  if ((id === undefined) === (username === undefined))
    throw new Refused('give exactly one of --id or --username')
  if (typeof id === 'string') {
    if (!/^[1-9][0-9]{0,9}$/.test(id)) throw new Refused(`--id must be a positive integer, not '${id}'`)
    const user = await core.users.findById(Number(id))
    if (user === undefined) throw new Refused(`no user with id ${id}`)
    return user
  }
  const name = normalizeUsername(String(username))
  const user = await core.users.findByUsername(name)
  if (user === undefined) throw new Refused(`no user '${name}'`)
  return user
}

async function readPassword(values: Values): Promise<string> {
  if (values['password-stdin'] === true) return passwordFromStdin()
  if (!process.stdin.isTTY)
    throw new Refused('no terminal to prompt on; pass --password-stdin and pipe the password in')
  const password = await promptHidden('Password: ')
  if ((await promptHidden('Password (again): ')) !== password)
    throw new Refused("the two passwords didn't match")
  return password
}

function describe(user: User): string {
  const flags = [
    user.isActive ? 'active' : 'inactive',
    user.isStaff && 'staff',
    user.isSuperuser && 'superuser',
  ]
  return `${String(user.id).padStart(6)}  ${user.username.padEnd(24)} ${user.email.padEnd(28)} ${flags.filter(Boolean).join(', ')}`
}

async function perform(ctx: CliContext, core: AuthContext, action: Action, values: Values): Promise<void> {
  const print = (json: unknown, line: string) => ctx.out(values.json === true ? JSON.stringify(json) : line)
  switch (action) {
    case 'list': {
      const page = positive(values, 'page') ?? 1
      const size = Math.min(positive(values, 'page-size') ?? 25, 100)
      const isActive = flag(values, 'active')
      const isStaff = flag(values, 'staff')
      const found = await listUsers(core, {
        ...(typeof values.search === 'string' && values.search !== '' && { search: values.search }),
        ...(isActive !== undefined && { isActive }),
        ...(isStaff !== undefined && { isStaff }),
        offset: (page - 1) * size,
        limit: size,
      })
      if (values.json === true)
        ctx.out(JSON.stringify({ count: found.count, page, results: found.users.map(adminUserBody) }))
      else {
        for (const user of found.users) ctx.out(describe(user))
        ctx.out(
          `${found.count} user${found.count === 1 ? '' : 's'}; page ${page} of ${Math.max(1, Math.ceil(found.count / size))}.`,
        )
      }
      return
    }
    case 'show': {
      const user = await target(core, values)
      return print(adminUserBody(user), describe(user))
    }
    case 'create': {
      if (typeof values.username !== 'string' || values.username === '')
        throw new Refused('--username is required')
      const password = await readPassword(values)
      const superuser = values.superuser === true
      const user = await createUser(
        core,
        {
          username: values.username,
          password,
          ...(typeof values.email === 'string' && { email: values.email }),
          ...(typeof values['first-name'] === 'string' && { firstName: values['first-name'] }),
          ...(typeof values['last-name'] === 'string' && { lastName: values['last-name'] }),
          isStaff: superuser || values.staff === true,
          isSuperuser: superuser,
        },
        CLI_ACTOR,
      )
      return print(adminUserBody(user), `Created user '${user.username}' (id ${user.id}).`)
    }
    case 'update': {
      const user = await target(core, values)
      const isStaff = flag(values, 'staff')
      const isSuperuser = flag(values, 'superuser')
      const change: UserChange = {
        ...(typeof values.email === 'string' && { email: values.email }),
        ...(typeof values['first-name'] === 'string' && { firstName: values['first-name'] }),
        ...(typeof values['last-name'] === 'string' && { lastName: values['last-name'] }),
        ...(isStaff !== undefined && { isStaff }),
        ...(isSuperuser !== undefined && { isSuperuser }),
      }
      const updated = await updateUser(core, user.id, change, CLI_ACTOR)
      return print(adminUserBody(updated), `Updated '${updated.username}'.`)
    }
    case 'set-password': {
      const user = await target(core, values)
      const password = await readPassword(values)
      const revoked = await setUserPassword(
        core,
        user.id,
        password,
        { revokeSessions: values['keep-sessions'] !== true },
        CLI_ACTOR,
      )
      return print(
        { id: user.id, revoked_sessions: revoked },
        `Set the password of '${user.username}' and revoked ${revoked} session${revoked === 1 ? '' : 's'}.`,
      )
    }
    case 'deactivate': {
      const user = await target(core, values)
      const { user: updated, revokedSessions: live } = await changeUser(
        core,
        user.id,
        { isActive: false },
        CLI_ACTOR,
      )
      return print(
        adminUserBody(updated),
        `Deactivated '${user.username}' and revoked ${live} session${live === 1 ? '' : 's'}.`,
      )
    }
    case 'activate': {
      const user = await target(core, values)
      const updated = await reactivate(core, user.id, CLI_ACTOR)
      return print(adminUserBody(updated), `Activated '${updated.username}'.`)
    }
    case 'delete': {
      const user = await target(core, values)
      if (values.yes !== true) throw new Refused(`deleting '${user.username}' needs --yes`)
      await deleteUser(core, user.id, CLI_ACTOR)
      return print({ id: user.id, deleted: true }, `Deleted '${user.username}' and their sessions.`)
    }
  }
}

/** The one line a refused operation prints: the field errors of an AuthError, or the reason. */
function reason(error: unknown): string | undefined {
  if (error instanceof Refused) return error.message
  if (isAuthError(error)) {
    const fields = Object.entries(error.leading ?? {}).map(
      ([field, messages]) => `${OPTION_OF[field] ?? field}: ${(messages as string[]).join(' ')}`,
    )
    return fields.length > 0 ? fields.join('; ') : error.detail
  }
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    return error.message.split('\n')[0]
  return undefined
}

/**
 * `latchkey users <action>`: the core's user operations on the command line. Exit 0 on success, 1 with one line on
 * stderr for a bad argument or a refused operation.
 */
export async function users(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv
  if (action === undefined || !(action in OPTIONS)) {
    ctx.err(
      `latchkey users: expected one of ${Object.keys(OPTIONS).join(', ')}${action === undefined ? '' : `, not '${action}'`}`,
    )
    return 1
  }
  const name = action as Action
  let values: Values
  try {
    values = parseArgs({ args: [...rest], options: OPTIONS[name], strict: true }).values as Values
  } catch (error) {
    ctx.err(`latchkey users ${name}: ${reason(error) ?? String(error)}`)
    return 1
  }
  const { core, close } = await openCliCore(ctx)
  try {
    await perform(ctx, core, name, values)
    return 0
  } catch (error) {
    const line = reason(error)
    if (line === undefined) throw error
    ctx.err(`latchkey users ${name}: ${line}`)
    return 1
  } finally {
    await close()
  }
}

export { USERS_HELP }
