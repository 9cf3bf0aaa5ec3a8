import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely'
import type { UserRefused } from '../../core/sessions/session.ts'
import type { Database } from '../schema.ts'

/**
 * The part of rotate's and use's condition that names the user: `EXISTS (SELECT 1 FROM latchkey_user WHERE id =
 * :userId AND is_active = 1)`. It sits in the session UPDATE's own WHERE, so the user's state is read in the same
 * statement (and the same round trip) as the compare-and-swap. `is_active` is an integer flag on both dialects
 * (schema.ts); `1` is a literal, so the precompiled rotation binds no value here but the user id.
 */
export function activeUser(
  eb: ExpressionBuilder<Database, 'latchkey_session'>,
  userId: number,
): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('latchkey_user')
      .select((user) => user.lit(1).as('one'))
      .where('latchkey_user.id', '=', userId)
      .where('latchkey_user.is_active', '=', eb.lit(1)),
  )
}

/**
 * Why `activeUser` failed, read after a compare-and-swap that changed nothing: one select of `is_active` by id.
 * Undefined when the user exists and is active (the session itself is what failed). The test is the condition's
 * own, `is_active = 1`, so the two never disagree.
 */
export async function userRefusal(db: Kysely<Database>, userId: number): Promise<UserRefused | undefined> {
  const row = await db
    .selectFrom('latchkey_user')
    .select('is_active')
    .where('id', '=', userId)
    .executeTakeFirst()
  if (row === undefined) return { kind: 'user_missing' }
  return Number(row.is_active) === 1 ? undefined : { kind: 'user_inactive' }
}
