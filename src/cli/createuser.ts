import { parseArgs } from 'node:util'
import { createPasswordHasher } from '../core/passwords/password-hasher.ts'
import { validatePassword } from '../core/passwords/validate-password.ts'
import type { CliContext } from './cli-context.ts'
import { passwordFromStdin, promptHidden } from './read-password.ts'

export const createuserHelp = `Usage: latchkey createuser --username U [--email E] [--first-name F] [--last-name L]
                          [--superuser] [--password-stdin]

Creates a user. The password is read from standard input with --password-stdin (first line), or prompted for
twice when run in a terminal. It must pass Django's default password validators. A taken username is refused.`

/** `latchkey createuser`: exit code 0 on success, 1 on a refused user, 2 on bad usage. */
export async function createuser(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      username: { type: 'string' },
      email: { type: 'string', default: '' },
      'first-name': { type: 'string', default: '' },
      'last-name': { type: 'string', default: '' },
      superuser: { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
    },
  })
  const username = values.username
  if (username === undefined || username === '' || username.length > 150 || !/^[\w.@+-]+$/u.test(username)) {
    ctx.err('createuser: --username is required: up to 150 letters, digits and @/./+/-/_ (as Django allows)')
    return 2
  }
  let password: string
  if (values['password-stdin']) password = await passwordFromStdin()
  else if (process.stdin.isTTY) {
    password = await promptHidden('Password: ')
    if ((await promptHidden('Password (again): ')) !== password) {
      ctx.err("createuser: the two passwords didn't match")
      return 1
    }
  } else {
    ctx.err('createuser: no terminal to prompt on; pass --password-stdin and pipe the password in')
    return 2
  }
  const user = {
    username,
    firstName: values['first-name'],
    lastName: values['last-name'],
    email: values.email,
  }
  const problems = validatePassword(password, user)
  if (problems.length > 0) {
    for (const problem of problems) ctx.err(`createuser: ${problem}`)
    return 1
  }
  const hasher = createPasswordHasher(ctx.settings.passwordHashing)
  const created = await ctx.stores.users.create(
    {
      ...user,
      passwordHash: await hasher.hash(password),
      isStaff: values.superuser,
      isSuperuser: values.superuser,
    },
    Date.now(),
  )
  if (created === undefined) {
    ctx.err(`createuser: the username '${username}' is already taken`)
    return 1
  }
  ctx.out(`Created user '${created.username}' (id ${created.id}).`)
  return 0
}
