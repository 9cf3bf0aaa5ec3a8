import { AuditLog } from './audit/audit-log.ts'
import type { AuditStore } from './audit/audit-store.ts'
import { type Clock, systemClock } from './clock.ts'
import type { AuthContext } from './context.ts'
import type { AuthEvents } from './events.ts'
import { type Logger, silentLogger } from './logger.ts'
import { type LatchkeyOptions, resolveOptions } from './options.ts'
import { createPasswordHasher, type PasswordHasher } from './passwords/password-hasher.ts'
import { cryptoRandom, type RandomSource } from './random.ts'
import type { RevocationBus } from './sessions/revocation-bus.ts'
import { RevokedSessions } from './sessions/revoked-sessions.ts'
import { ServiceClock, type ServiceClockStore } from './sessions/service-clock.ts'
import type { SessionStore } from './sessions/session.ts'
import { revocationHorizon } from './sessions/session-tokens.ts'
import { type AttemptCounter, MemoryAttemptCounter } from './throttle/attempt-counter.ts'
import { LoginThrottle } from './throttle/login-throttle.ts'
import type { KeyStore } from './tokens/key-store.ts'
import { Keyring } from './tokens/keyring.ts'
import { reloadKeyring } from './tokens/keyring-refresh.ts'
import { createTokenCodec } from './tokens/token-codec.ts'
import type { UserStore } from './users/user.ts'
import { UserCache } from './users/user-cache.ts'

/**
 * What the core is built on: the three stores (a `StoreSet` from `latchkey/stores/*` provides them) and, optionally,
 * the clock, randomness, logger, event hooks, password hasher, and the shared attempt counter and revocation bus
 * (`latchkey/stores/redis`) of a deployment with several instances.
 */
export interface AuthCoreDependencies {
  readonly users: UserStore
  readonly sessions: SessionStore
  readonly keys: KeyStore
  readonly clock?: Clock
  readonly random?: RandomSource
  readonly logger?: Logger
  readonly events?: AuthEvents
  readonly hasher?: PasswordHasher
  /** Where failed logins are counted; in-process by default, Redis to share the limits across instances. */
  readonly attempts?: AttemptCounter
  readonly bus?: RevocationBus
  /** Where security events are kept for `GET /accounts/admin/events/`; without one, they are only logged. */
  readonly audit?: AuditStore
  /** The persisted service clock (the stores'); without it the grace window runs on wall time. */
  readonly serviceClock?: ServiceClockStore
}

/**
 * Validates the options and wires the core. Loads the sessions revoked within one access-token lifetime into the
 * in-memory revocation set, so a restart never resurrects an access token that was revoked before it.
 *
 * @example
 * const core = await createAuthCore({ secretKey }, createMemoryStores())
 */
export async function createAuthCore(
  options: LatchkeyOptions,
  deps: AuthCoreDependencies,
): Promise<AuthContext> {
  const settings = resolveOptions(options)
  const keyring = new Keyring(settings.secretKey)
  keyring.load(await deps.keys.list())
  let lastReload = 0
  // A kid we do not know may be a key a sibling instance just rotated in: reload, at most once a second.
  const reloadKeys = () => {
    const now = ctx.clock.now()
    if (now - lastReload < 1000) return
    lastReload = now
    void reloadKeyring(ctx)
  }
  const clock = deps.clock ?? systemClock
  const ctx: AuthContext = {
    settings,
    clock,
    random: deps.random ?? cryptoRandom,
    users: deps.users,
    userCache: new UserCache(deps.users, {
      ttlMs: settings.userCacheTtlMs,
      maxStaleMs: settings.accessTokenLifetimeMs,
      clock,
    }),
    sessions: deps.sessions,
    serviceClock: new ServiceClock(deps.serviceClock, clock),
    hasher:
      deps.hasher ??
      createPasswordHasher(settings.passwordHashing, await deps.users.findLegacyPasswordHash()),
    codec: createTokenCodec(keyring, settings.leewayMs, reloadKeys),
    keyring,
    keys: deps.keys,
    revoked: new RevokedSessions(),
    bus: deps.bus,
    throttle: new LoginThrottle(deps.attempts ?? new MemoryAttemptCounter(), settings.loginLimits),
    events: deps.events ?? {},
    logger: deps.logger ?? silentLogger,
    audit: new AuditLog(deps.audit, deps.logger ?? silentLogger),
  }
  // A start is a resumption: the time since the last beat of any instance (a crash, a restart) was an outage.
  await ctx.serviceClock.beat()
  const now = ctx.clock.now()
  const since = now - settings.accessTokenLifetimeMs - settings.leewayMs - 1000
  for (const session of await ctx.sessions.listRevokedSince(since)) {
    ctx.revoked.add(session.id, revocationHorizon(ctx, session.revokedAt ?? now))
  }
  return ctx
}
