import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { adminConformance } from './store-conformance-admin.ts'
import { DAY, hex, type OpenedStores, type SuiteContext, T0 } from './store-conformance-context.ts'
import { importConformance } from './store-conformance-import.ts'
import { ownershipConformance } from './store-conformance-ownership.ts'
import { rotateConformance } from './store-conformance-rotate.ts'
import { serviceTimeConformance } from './store-conformance-service-time.ts'
import { sessionConformance } from './store-conformance-sessions.ts'
import { userStateConformance } from './store-conformance-user-state.ts'
import { userConformance } from './store-conformance-users.ts'

export type { OpenedStores } from './store-conformance-context.ts'

/**
 * The written semantics of UserStore and SessionStore (their doc comments in src/core), run against every
 * implementation: memory, SQLite and PostgreSQL. A store is correct when it passes all of this; the tests share one
 * opened store, so each works on users and sessions of its own.
 *
 * @example
 * storeConformanceSuite('memory', async () => createMemoryStores())
 */
export function storeConformanceSuite(name: string, open: () => Promise<OpenedStores>): void {
  describe(`${name} store conformance`, () => {
    let stores: OpenedStores | undefined
    let userId = 0
    let otherId = 0
    const opened = () => {
      assert.ok(stores, 'the store is opened before the tests run')
      return stores
    }
    const context: SuiteContext = {
      stores: opened,
      userId: () => userId,
      otherId: () => otherId,
      async newUser(prefix) {
        const user = await opened().users.create({ username: `${prefix}-${hex()}`, passwordHash: 'h' }, T0)
        assert.ok(user)
        return user
      },
      newSession: (overrides = {}) =>
        opened().sessions.create({
          id: hex(),
          userId,
          createdAt: T0,
          expiresAt: T0 + 30 * DAY,
          currentJti: hex(),
          userAgent: 'test-agent',
          ip: '127.0.0.1',
          ...overrides,
        }),
    }

    before(async () => {
      stores = await open()
      userId = (await context.newUser('u')).id
      otherId = (await context.newUser('o')).id
    })
    after(() => stores?.close())

    describe('users', () => userConformance(context))
    describe('sessions: rotate', () => rotateConformance(context))
    describe('sessions: grace on service time', () => serviceTimeConformance(context))
    describe('sessions: rotate and use refuse a missing or inactive user, changing nothing', () =>
      userStateConformance(context))
    describe('sessions: the other operations', () => sessionConformance(context))
    describe('django import', () => importConformance(context))
    describe('sessions: ownership, liveness and the per-user cap', () => ownershipConformance(context))
    describe('user management and the audit log (a store of their own)', () => adminConformance(open))
  })
}
