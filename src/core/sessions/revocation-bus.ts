/** A revoked session as announced to other instances: its id, and until when its access tokens could live. */
export interface Revocation {
  readonly sessionId: string
  readonly until: number
}

/**
 * Fans revocations out to every instance (Redis pub/sub in production). Delivery is an accelerator, not the source
 * of truth: the database is, and `startRevocationSync` polls it, so a lost message or a lost bus delays a revocation
 * by at most one poll interval and never loses it.
 */
export interface RevocationBus {
  /**
   * True when the bus reaches only the processes of this machine (a cluster's workers over IPC), not every
   * instance: the database then stays polled at the fallback pace, for revocations made on other machines.
   */
  readonly local?: boolean
  publish(revocations: readonly Revocation[]): Promise<void>
  /** Calls `onRevoked` for revocations from any instance, and `onHealth` when delivery stops or resumes. */
  subscribe(onRevoked: (revocation: Revocation) => void, onHealth: (healthy: boolean) => void): Promise<void>
  close(): Promise<void>
}
