import type { CompiledQuery, Kysely, Selectable } from 'kysely'
import type { RotateInput } from '../../core/sessions/session.ts'
import type { Database, SessionTable } from '../schema.ts'
import { activeUser } from './active-user.ts'

/** The values a rotation binds, by name. */
interface RotationValues {
  readonly newJti: string
  readonly now: number
  /** The rotation's service time (`RotateInput.serviceNow`), recorded as `rotated_at`: the grace window runs on it. */
  readonly serviceNow: number
  readonly idleSince: number
  readonly sessionId: string
  readonly userId: number
  readonly presentedJti: string
}

type Row = Selectable<SessionTable>

/**
 * The rotation's conditional UPDATE (the session's condition and, in the same WHERE, its user's: `activeUser`), built
 * by Kysely once per database (and idle-timeout variant) and then only
 * re-bound: building a query through Kysely's builder costs about as much CPU as SQLite spends executing it, on the
 * one statement every refresh runs. Each value is built in as a unique marker, so the compiled parameter list says
 * which value goes where, whatever order the dialect's SQL puts them in.
 *
 * @example
 * const rotate = precompiledRotation(db)
 * const row = await rotate(input) // the rotated row, or undefined when the presented token is not current
 */
export function precompiledRotation(db: Kysely<Database>): (input: RotateInput) => Promise<Row | undefined> {
  const variants = new Map<boolean, (values: RotationValues) => CompiledQuery<Row>>()
  const variant = (withIdle: boolean) => {
    let bind = variants.get(withIdle)
    if (bind === undefined) {
      bind = compile(db, withIdle)
      variants.set(withIdle, bind)
    }
    return bind
  }
  return async (input) => {
    const withIdle = input.idleTimeoutMs > 0
    const query = variant(withIdle)({
      newJti: input.newJti,
      now: input.now,
      serviceNow: input.serviceNow ?? input.now,
      idleSince: input.now - input.idleTimeoutMs,
      sessionId: input.sessionId,
      userId: input.userId,
      presentedJti: input.presentedJti,
    })
    const result = await db.executeQuery(query)
    return result.rows[0]
  }
}

function compile(db: Kysely<Database>, withIdle: boolean): (values: RotationValues) => CompiledQuery<Row> {
  const markers = new Map<unknown, keyof RotationValues>()
  const mark = <K extends keyof RotationValues>(name: K): RotationValues[K] => {
    const marker = `\u0000latchkey:${name}`
    markers.set(marker, name)
    return marker as RotationValues[K]
  }
  const compiled = db
    .updateTable('latchkey_session')
    .set((eb) => ({
      previous_jti: eb.ref('current_jti'),
      current_jti: mark('newJti'),
      current_issued_at: mark('now'),
      rotated_at: mark('serviceNow'),
      last_used_at: mark('now'),
    }))
    .where((eb) => {
      const conditions = [
        eb('id', '=', mark('sessionId')),
        eb('user_id', '=', mark('userId')),
        eb('current_jti', '=', mark('presentedJti')),
        eb('revoked_at', 'is', null),
        eb('expires_at', '>', mark('now')),
        activeUser(eb, mark('userId')),
      ]
      if (withIdle) conditions.push(eb('last_used_at', '>', mark('idleSince')))
      return eb.and(conditions)
    })
    .returningAll()
    .compile()
  const slots = compiled.parameters.map((parameter) => {
    const name = markers.get(parameter)
    if (name === undefined) throw new Error('the rotation query has a value that is not bound by name')
    return name
  })
  return (values) => ({ ...compiled, parameters: slots.map((name) => values[name]) })
}
