import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

/**
 * `latchkey_user.django_row`: the Django `auth_user` row as `latchkey import-django` last copied it (JSON), or null
 * for a user created in Latchkey. It marks imported users (an import never writes any other), and lets a second
 * import tell what changed in Django since the first from what changed in Latchkey since (a password upgraded at
 * login, a deactivation), so each side's changes survive.
 */
export const djangoImport: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('latchkey_user').addColumn('django_row', 'text').execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('latchkey_user').dropColumn('django_row').execute()
  },
}
