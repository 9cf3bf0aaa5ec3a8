import type { AuditStore } from '../core/audit/audit-store.ts'
import type { DjangoImportStore } from '../core/django/import-store.ts'
import type { ServiceClockStore } from '../core/sessions/service-clock.ts'
import type {
  NewSession,
  RotateInput,
  RotateOutcome,
  Session,
  SessionStore,
} from '../core/sessions/session.ts'
import type { User, UserStore } from '../core/users/user.ts'

/** What a store implementation hands the conformance suite. */
export interface OpenedStores {
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly audit: AuditStore
  readonly djangoImport: DjangoImportStore
  readonly serviceClock?: ServiceClockStore
  close(): Promise<void>
}

/** The suite's shared fixture: one store per implementation, opened before its tests and closed after. */
export interface SuiteContext {
  stores(): OpenedStores
  /** A user created when the store opened, for sessions whose owner does not matter. */
  userId(): number
  /** A second user, whose sessions a user-wide operation must not touch. */
  otherId(): number
  newUser(prefix: string): Promise<User>
  newSession(overrides?: Partial<NewSession>): Promise<Session>
}

/**
 * Every test's times sit around T0. The flush test works in the distant past of T0 instead (see there), so the
 * sessions the other tests leave behind never change its count.
 */
export const T0 = Date.UTC(2026, 10, 22, 10, 0, 0)
export const DAY = 86_400_000

/** 128 random bits as 32 hex characters: the shape of a session id and a jti. */
export const hex = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  )

/**
 * Rotation of a session's current token as the refresh flow asks for it (a fresh jti, at `now`, no idle timeout, with
 * `graceMs`), any field overridden by `input`: the call every rotation suite makes.
 */
export function rotatorFor(
  ctx: SuiteContext,
  defaults: { readonly graceMs: number; readonly now: number },
): (session: Session, input?: Partial<RotateInput>) => Promise<RotateOutcome> {
  return (session, input = {}) =>
    ctx.stores().sessions.rotate({
      sessionId: session.id,
      userId: session.userId,
      presentedJti: session.currentJti,
      newJti: hex(),
      now: defaults.now,
      idleTimeoutMs: 0,
      graceMs: defaults.graceMs,
      ...input,
    })
}
