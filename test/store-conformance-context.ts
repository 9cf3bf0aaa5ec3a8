import { randomBytes } from 'node:crypto'
import type { AuditStore } from '../src/core/audit/audit-store.ts'
import type { DjangoImportStore } from '../src/core/django/import-store.ts'
import type { ServiceClockStore } from '../src/core/sessions/service-clock.ts'
import type { NewSession, Session, SessionStore } from '../src/core/sessions/session.ts'
import type { User, UserStore } from '../src/core/users/user.ts'

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
export const hex = (): string => randomBytes(16).toString('hex')
