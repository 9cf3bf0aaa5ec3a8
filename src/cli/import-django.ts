import { parseArgs } from 'node:util'
import type { DjangoSource } from '../core/django/django-source.ts'
import { type DjangoImportReport, importFromDjango } from '../core/django/import-django.ts'
import { isSupportedDjangoHash } from '../core/passwords/django-hashes.ts'
import { openDjangoSource } from '../stores/django/open-django-source.ts'
import type { CliContext } from './cli-context.ts'

export const importDjangoHelp = `Usage: latchkey import-django --from <Django database> [--dry-run]

Copies a Django deployment's users (auth_user: ids, usernames, names, email, flags, dates and password hashes,
verbatim) into LATCHKEY_DATABASE_URL, and turns SimpleJWT's unexpired, unblacklisted outstanding refresh tokens into
sessions, so browsers logged in to Django stay logged in. Safe to run again: users changed in Django since are
updated, new ones added, tokens blacklisted since are revoked. Refuses, writing nothing, when an id or a username
belongs to a user created in Latchkey.

  --from     postgres://user@host:5432/db[?schema=name], or the path of a SQLite file (db.sqlite3)
  --dry-run  report what would change, write nothing`

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The report as the lines the command prints. */
export function describeReport(report: DjangoImportReport): string[] {
  const { users, sessions } = report
  const verb = report.dryRun ? 'would be' : 'were'
  const lines = [
    `${plural(users.total, 'Django user')}: ${users.added} ${verb} added, ${users.updated} updated, ${users.unchanged} unchanged.`,
  ]
  if (report.unusablePasswords > 0)
    lines.push(
      `${plural(report.unusablePasswords, 'user')} without a usable password (Django's '!' marker) stay so.`,
    )
  for (const [algorithm, count] of Object.entries(report.unsupportedHashes))
    lines.push(
      `${plural(count, 'user')} with Django '${algorithm}' hashes cannot log in until they reset their password.`,
    )
  if (sessions === null)
    lines.push(
      'No token_blacklist tables: no refresh tokens carried over (users log in again after the switch).',
    )
  else
    lines.push(
      report.dryRun
        ? `${plural(sessions.live, 'live refresh token')} to carry over as sessions; ${sessions.blacklisted} blacklisted.`
        : `${plural(sessions.live, 'live refresh token')}: ${sessions.added} new sessions; ${sessions.blacklisted} blacklisted, ${sessions.revoked} imported sessions revoked.`,
    )
  return lines
}

export async function importDjango(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { from: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  })
  if (values.from === undefined || values.from === '') {
    ctx.err('import-django: --from is required (a postgres:// URL or a SQLite file)')
    return 2
  }
  let source: DjangoSource
  try {
    source = await openDjangoSource(values.from)
  } catch (error) {
    ctx.err(
      `import-django: cannot read the Django database: ${error instanceof Error ? error.message : error}`,
    )
    return 1
  }
  try {
    const started = performance.now()
    const report = await importFromDjango({
      source,
      store: ctx.stores.djangoImport,
      now: Date.now(),
      dryRun: values['dry-run'],
      isSupportedHash: isSupportedDjangoHash,
    })
    if (report.conflicts.length > 0) {
      ctx.err(`import-django: refused, nothing written: ${plural(report.conflicts.length, 'conflict')}`)
      for (const conflict of report.conflicts) ctx.err(`  - ${conflict}`)
      return 1
    }
    for (const line of describeReport(report)) ctx.out(line)
    ctx.out(`${report.dryRun ? 'Dry run' : 'Import'} took ${Math.round(performance.now() - started)} ms.`)
    return 0
  } finally {
    await source.close()
  }
}
