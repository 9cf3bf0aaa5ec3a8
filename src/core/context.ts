import type { AuditLog } from './audit/audit-log.ts'
import type { Clock } from './clock.ts'
import type { AuthEvents } from './events.ts'
import type { Logger } from './logger.ts'
import type { Settings } from './options.ts'
import type { PasswordHasher } from './passwords/password-hasher.ts'
import type { RandomSource } from './random.ts'
import type { RevocationBus } from './sessions/revocation-bus.ts'
import type { RevokedSessions } from './sessions/revoked-sessions.ts'
import type { ServiceClock } from './sessions/service-clock.ts'
import type { SessionStore } from './sessions/session.ts'
import type { LoginThrottle } from './throttle/login-throttle.ts'
import type { KeyStore } from './tokens/key-store.ts'
import type { Keyring } from './tokens/keyring.ts'
import type { TokenCodec } from './tokens/token-codec.ts'
import type { UserStore } from './users/user.ts'
import type { UserCache } from './users/user-cache.ts'

/** Everything a flow needs, built once by `createAuthCore` and passed to every flow. */
export interface AuthContext {
  readonly settings: Settings
  readonly clock: Clock
  readonly random: RandomSource
  readonly users: UserStore
  /** The users authenticated requests read (cached briefly; last known while the database is down). */
  readonly userCache: UserCache
  readonly sessions: SessionStore
  /** Wall time minus outages: what the refresh grace window is measured on. */
  readonly serviceClock: ServiceClock
  readonly hasher: PasswordHasher
  readonly codec: TokenCodec
  readonly keyring: Keyring
  readonly keys: KeyStore
  readonly revoked: RevokedSessions
  /** Tells other instances about revocations (Redis); absent on a single instance. */
  readonly bus: RevocationBus | undefined
  readonly throttle: LoginThrottle
  readonly events: AuthEvents
  readonly logger: Logger
  /** Security events queued for the audit table (a no-op without an audit store). */
  readonly audit: AuditLog
}
