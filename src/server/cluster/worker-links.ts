import type { RevocationBus } from '../../core/sessions/revocation-bus.ts'
import type { AttemptCounter } from '../../core/throttle/attempt-counter.ts'
import { IpcAttemptCounter } from './ipc-attempt-counter.ts'
import { primaryChannel } from './ipc-channel.ts'
import { IpcRevocationBus } from './ipc-revocation-bus.ts'

/**
 * What a cluster worker without Redis shares with its siblings through the primary: revocations and login-failure
 * counters. With Redis configured the worker uses Redis for both, as separate instances do, and this is not used.
 *
 * @example
 * await createServer({ options, stores, ...(cluster.isWorker && !redisUrl && siblingLinks()) })
 */
export function siblingLinks(): { bus: RevocationBus; attempts: AttemptCounter } {
  const channel = primaryChannel()
  return { bus: new IpcRevocationBus(channel), attempts: new IpcAttemptCounter(channel) }
}
