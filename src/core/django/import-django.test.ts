import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { beforeEach, describe, it } from 'node:test'
import { createMemoryStores } from '../../stores/memory/index.ts'
import { isSupportedDjangoHash } from '../passwords/django-hashes.ts'
import type { StoreSet } from '../store-set.ts'
import type { DjangoOutstandingToken, DjangoSource, DjangoUser } from './django-source.ts'
import { importFromDjango } from './import-django.ts'
import { legacySessionId } from './legacy-tokens.ts'

const NOW = Date.UTC(2026, 10, 22, 10, 0, 0)
const HOUR = 3_600_000

function djangoUser(id: number, username: string, change: Partial<DjangoUser> = {}): DjangoUser {
  return {
    id,
    username,
    password: `pbkdf2_sha256$870000$salt${id}$hash`,
    firstName: username,
    lastName: '',
    email: `${username}@example.test`,
    isActive: true,
    isStaff: false,
    isSuperuser: false,
    dateJoined: NOW - 100 * HOUR,
    lastLogin: null,
    ...change,
  }
}

/** A Django database's rows, as the SQLite and PostgreSQL readers hand them over. */
function source(users: DjangoUser[], tokens: DjangoOutstandingToken[] | null = []): DjangoSource {
  return {
    users: async () => users,
    outstandingTokens: async (now) => tokens?.filter((t) => t.expiresAt > now) ?? null,
    close: async () => {},
  }
}

/** SimpleJWT's jti is uuid4().hex: 32 hex characters, here derived from a readable name. */
const jti = (name: string) => createHash('md5').update(name).digest('hex')

const token = (name: string, userId: number | null, change: Partial<DjangoOutstandingToken> = {}) => ({
  jti: jti(name),
  userId,
  createdAt: NOW - HOUR,
  expiresAt: NOW + 24 * HOUR,
  blacklisted: false,
  ...change,
})

describe('importFromDjango', () => {
  let stores: StoreSet
  const importNow = (from: DjangoSource, dryRun = false) =>
    importFromDjango({
      source: from,
      store: stores.djangoImport,
      now: NOW,
      dryRun,
      isSupportedHash: isSupportedDjangoHash,
    })
  beforeEach(() => {
    stores = createMemoryStores()
  })

  it('with --dry-run reports what it would do and writes nothing', async () => {
    const report = await importNow(
      source([djangoUser(1, 'admin'), djangoUser(2, 'alice')], [token('a', 2)]),
      true,
    )
    assert.deepEqual(report.users, { total: 2, added: 2, updated: 0, unchanged: 0 })
    assert.deepEqual(report.sessions, { live: 1, added: 0, blacklisted: 0, revoked: 0 })
    assert.equal(await stores.users.findById(1), undefined)
    assert.equal(await stores.sessions.get(legacySessionId(jti('a'))), undefined)
  })

  it('refuses, writing nothing, when a username belongs to a user created in Latchkey, and names it', async () => {
    const native = await stores.users.create({ username: 'alice', passwordHash: '$argon2id$x' }, NOW)
    assert.ok(native)
    const report = await importNow(source([djangoUser(7, 'bob'), djangoUser(8, 'alice')]))
    assert.deepEqual(report.conflicts, [
      `username 'alice' (Django id 8) is taken by id ${native.id}, a user created in Latchkey`,
    ])
    assert.equal(await stores.users.findById(7), undefined)
  })

  it('counts unusable passwords and hashes of hashers Latchkey refuses, and copies both verbatim', async () => {
    const report = await importNow(
      source([
        djangoUser(1, 'erin', { password: '!kYUrYXSRf6PUBf2TgyUodHJ5GRKB1' }),
        djangoUser(2, 'mallory', { password: 'md5$salt$37d' }),
        djangoUser(3, 'trent', { password: 'sha1$salt$abc' }),
      ]),
    )
    assert.equal(report.unusablePasswords, 1)
    assert.deepEqual(report.unsupportedHashes, { md5: 1, sha1: 1 })
    assert.equal((await stores.users.findById(1))?.passwordHash, '!kYUrYXSRf6PUBf2TgyUodHJ5GRKB1')
  })

  it("merges a second import: Django's changes arrive, Latchkey's own changes since the first import stay", async () => {
    await importNow(source([djangoUser(2, 'alice'), djangoUser(3, 'bob')]))
    await stores.users.setPasswordHash(2, '$argon2id$upgraded-at-login')
    await stores.users.setActive(3, false)
    const report = await importNow(
      source([
        djangoUser(2, 'alice', { lastName: 'Liddell' }),
        djangoUser(3, 'bob', { password: 'pbkdf2_sha256$1$new$x' }),
      ]),
    )
    assert.deepEqual(report.users, { total: 2, added: 0, updated: 2, unchanged: 0 })
    const alice = await stores.users.findById(2)
    assert.deepEqual([alice?.lastName, alice?.passwordHash], ['Liddell', '$argon2id$upgraded-at-login'])
    const bob = await stores.users.findById(3)
    assert.deepEqual([bob?.isActive, bob?.passwordHash], [false, 'pbkdf2_sha256$1$new$x'])
  })

  it('carries over live tokens only: not expired, blacklisted or orphaned ones', async () => {
    const report = await importNow(
      source(
        [djangoUser(2, 'alice')],
        [
          token('live', 2),
          token('expired', 2, { expiresAt: NOW - 1 }),
          token('blacklisted', 2, { blacklisted: true }),
          token('orphan', null),
          token('unknown-user', 99),
          { ...token('not-hex', 2), jti: 'not-a-uuid-hex' },
        ],
      ),
    )
    assert.deepEqual(report.sessions, { live: 1, added: 1, blacklisted: 1, revoked: 0 })
    const session = await stores.sessions.get(legacySessionId(jti('live')))
    assert.deepEqual(
      [session?.userId, session?.currentJti, session?.expiresAt],
      [2, jti('live'), NOW + 24 * HOUR],
    )
    for (const name of ['expired', 'blacklisted', 'orphan', 'unknown-user'])
      assert.equal(await stores.sessions.get(legacySessionId(jti(name))), undefined, name)
    assert.equal(await stores.sessions.get(legacySessionId('not-a-uuid-hex')), undefined)
  })

  it('revokes, on the next import, a session whose token was blacklisted in Django meanwhile', async () => {
    const users = [djangoUser(2, 'alice')]
    await importNow(source(users, [token('a', 2), token('b', 2)]))
    const report = await importNow(source(users, [token('a', 2, { blacklisted: true }), token('b', 2)]))
    assert.deepEqual(report.sessions, { live: 1, added: 0, blacklisted: 1, revoked: 1 })
    assert.equal((await stores.sessions.get(legacySessionId(jti('a'))))?.revokeReason, 'logout')
    assert.equal((await stores.sessions.get(legacySessionId(jti('b'))))?.revokedAt, null)
  })

  it('reports no sessions when the Django database has no token_blacklist tables', async () => {
    const report = await importNow(source([djangoUser(2, 'alice')], null))
    assert.equal(report.sessions, null)
  })
})
