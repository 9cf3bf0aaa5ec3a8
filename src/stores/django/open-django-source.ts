import type { DjangoSource } from '../../core/django/django-source.ts'
import { openSqliteDjangoSource } from './sqlite-django-source.ts'

/**
 * The Django database `--from` names: a `postgres://` (or `postgresql://`) URL, or a SQLite file (a path, or
 * `sqlite:<path>`). The PostgreSQL reader (and `pg`, an optional peer dependency) is loaded only when the URL names it:
 * a SQLite-only install has no `pg`.
 *
 * @example
 * const source = await openDjangoSource('postgres://app@db:5432/app?schema=public')
 */
export async function openDjangoSource(from: string): Promise<DjangoSource> {
  if (/^postgres(ql)?:\/\//.test(from)) {
    const { openPostgresDjangoSource } = await import('./postgres-django-source.ts')
    return openPostgresDjangoSource(from)
  }
  return openSqliteDjangoSource(from.startsWith('sqlite:') ? from.slice('sqlite:'.length) : from)
}
