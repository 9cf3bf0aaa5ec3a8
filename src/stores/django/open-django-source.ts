import type { DjangoSource } from '../../core/django/django-source.ts'
import { openPostgresDjangoSource } from './postgres-django-source.ts'
import { openSqliteDjangoSource } from './sqlite-django-source.ts'

/**
 * The Django database `--from` names: a `postgres://` (or `postgresql://`) URL, or a SQLite file (a path, or
 * `sqlite:<path>`).
 *
 * @example
 * const source = await openDjangoSource('postgres://app@db:5432/app?schema=public')
 */
export async function openDjangoSource(from: string): Promise<DjangoSource> {
  if (/^postgres(ql)?:\/\//.test(from)) return openPostgresDjangoSource(from)
  return openSqliteDjangoSource(from.startsWith('sqlite:') ? from.slice('sqlite:'.length) : from)
}
