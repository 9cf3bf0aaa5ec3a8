import { parseArgs } from 'node:util'
import { ConfigError } from '../core/options.ts'
import { bootstrapSuperuser } from '../server/bootstrap-superuser.ts'
import { serve } from '../server/main.ts'
import { openCliContext } from './cli-context.ts'
import { doctor, doctorHelp } from './doctor.ts'
import { flushExpired, flushExpiredHelp } from './flush-expired.ts'
import { importDjango, importDjangoHelp } from './import-django.ts'
import { keys, keysHelp } from './keys.ts'
import { USERS_HELP, users } from './users.ts'

const HELP = `Usage: latchkey <command> [options]

Commands:
  migrate         apply database migrations (also done by serve and npm start)
  users           list, show, create, update, set-password, deactivate, activate, delete (latchkey users --help)
  createuser      the same as 'users create'
  deactivateuser  the same as 'users deactivate'
  serve           migrate, then serve the API (LATCHKEY_HOST, LATCHKEY_PORT)
  flush-expired   delete expired and long-revoked sessions
  keys            rotate or list signing keys (latchkey keys --help)
  import-django   copy a Django deployment's users and live sessions (latchkey import-django --help)
  doctor          explain whether a browser on a frontend origin can log in (latchkey doctor --help)

Configuration comes from LATCHKEY_* environment variables and an optional .env file (see README).`

const COMMAND_HELP: Readonly<Record<string, string>> = {
  migrate: 'Usage: latchkey migrate\n\nApplies pending migrations to LATCHKEY_DATABASE_URL.',
  users: USERS_HELP[''] ?? '',
  createuser: USERS_HELP.create ?? '',
  deactivateuser: USERS_HELP.deactivate ?? '',
  serve:
    'Usage: latchkey serve [--workers N]\n\nMigrates, then serves the API on LATCHKEY_HOST:LATCHKEY_PORT until SIGTERM.\n\n  --workers N  server processes sharing the port (default LATCHKEY_WORKERS: the CPUs in production, 1 otherwise)',
  'flush-expired': flushExpiredHelp,
  keys: keysHelp,
  'import-django': importDjangoHelp,
  doctor: doctorHelp,
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP)
    return command === undefined ? 2 : 0
  }
  const help = COMMAND_HELP[command]
  if (help === undefined) {
    console.error(`latchkey: unknown command '${command}'\n\n${HELP}`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command === 'users' ? (USERS_HELP[rest[0] ?? ''] ?? help) : help)
    return 0
  }
  if (command === 'serve') {
    const { values } = parseArgs({ args: [...rest], options: { workers: { type: 'string' } } })
    if (values.workers !== undefined && !/^[1-9][0-9]*$/.test(values.workers))
      throw new ConfigError([`--workers: '${values.workers}' is not a whole number of processes (1 or more)`])
    await serve(values.workers === undefined ? {} : { workers: Number(values.workers) })
    return -1
  }
  if (command === 'doctor')
    return await doctor(process.env, process.cwd(), rest, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    })
  const ctx = await openCliContext(process.env, process.cwd())
  try {
    if (command === 'migrate') {
      ctx.out('Migrations applied.')
      const superuser = await bootstrapSuperuser(ctx.config, ctx.settings, ctx.stores)
      if (superuser !== undefined) ctx.out(superuser)
      return 0
    }
    if (command === 'users') return await users(ctx, rest)
    // The first commands' names, kept as aliases.
    if (command === 'createuser') return await users(ctx, ['create', ...rest])
    if (command === 'deactivateuser') return await users(ctx, ['deactivate', ...rest])
    if (command === 'keys') return await keys(ctx, rest)
    if (command === 'import-django') return await importDjango(ctx, rest)
    return await flushExpired(ctx)
  } finally {
    await ctx.stores.close()
  }
}

/** Runs the CLI and sets the exit code; configuration and usage errors print a message, never a stack trace. */
export async function run(argv: readonly string[]): Promise<void> {
  try {
    const code = await main(argv)
    if (code >= 0) process.exitCode = code
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exitCode = 2
    } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`latchkey: ${error.message}`)
      process.exitCode = 2
    } else throw error
  }
}

if (import.meta.main) await run(process.argv.slice(2))
