import { AuthClientError } from './errors.ts'
import type { LockManagerLike } from './platform.ts'
import type { TabMessage } from './tab-channel.ts'

/** The end of one refresh. `at` is when it completed (epoch ms); `final` failures end the session. */
export type RefreshOutcome =
  | { readonly ok: true; readonly at: number; readonly access: string | undefined }
  | { readonly ok: false; readonly at: number; readonly error: AuthClientError; readonly final: boolean }

export interface RefreshCoordinatorDeps {
  /** One refresh request to the server; never throws. */
  readonly refreshNow: () => Promise<RefreshOutcome>
  /** Web Locks, when the runtime has them (secure contexts: https, localhost, 127.0.0.0/8). */
  readonly locks: LockManagerLike | undefined
  readonly lockName: string
  /** Whether other tabs can hear {@link post} (a BroadcastChannel exists). */
  readonly broadcast: boolean
  readonly post: (message: TabMessage) => void
  /**
   * Memory mode: each tab holds its own access token, so a peer's refresh counts for this tab from the moment its
   * token arrives here; in cookie mode the cookie jar is shared, so it counts from when the peer completed.
   */
  readonly memory: boolean
  /** Every completed refresh, this tab's or a peer's (`fromPeer`). */
  readonly onOutcome: (outcome: RefreshOutcome, fromPeer: boolean) => void
}

/** How long a tab queued behind another's lock waits for its result message before refreshing itself. */
const LOCK_PEER_WAIT_MS = 1000
/** How long a tab that lost an election waits for the winner's whole refresh. */
const ELECTION_PEER_WAIT_MS = 10_000
/** How long claims are collected before a tab decides it won (BroadcastChannel delivers in about a millisecond). */
const ELECTION_WINDOW_MS = 50
/** A claim older than this belongs to a tab that closed mid-refresh. */
const CLAIM_TTL_MS = 15_000

interface Waiter {
  readonly sentAt: number
  readonly resolve: (outcome: RefreshOutcome | undefined) => void
}

function randomId(): string {
  // crypto.randomUUID exists only in secure contexts; getRandomValues everywhere.
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Makes refreshes single-flight, within a tab and across the tabs of one browser: however many requests in however
 * many tabs find the access token expired at once, one refresh request reaches the server and all of them use it.
 *
 * The question each caller asks is "has a refresh completed since my request was sent?" (`refreshSince(sentAt)`):
 * if yes its answer is reused, if one is running in this tab it is joined, otherwise the tabs agree on one of them
 * to refresh — with a Web Lock where the runtime has them, else by an election over BroadcastChannel. A lost race
 * costs one extra refresh at worst, never a logout: the server hands a just-rotated refresh token its successor
 * within the grace window.
 */
export class RefreshCoordinator {
  readonly #deps: RefreshCoordinatorDeps
  readonly #id = randomId()
  /** The newest completed refresh known here (successes and final failures only). */
  #latest: RefreshOutcome | undefined
  #inFlight: Promise<RefreshOutcome> | undefined
  /** Election fallback: peers that claimed the refresh and have not reported yet, id → claim time. */
  readonly #claims = new Map<string, number>()
  readonly #waiters = new Set<Waiter>()

  constructor(deps: RefreshCoordinatorDeps) {
    this.#deps = deps
  }

  /** A refresh that completed after `sentAt`, the one running in this tab, or a new one, whichever applies. */
  refreshSince(sentAt: number): Promise<RefreshOutcome> {
    const known = this.#known(sentAt)
    if (known !== undefined) return Promise.resolve(known)
    // A refresh running now completes after this caller's 401 arrived, hence after its request was sent.
    this.#inFlight ??= this.#acrossTabs(sentAt).finally(() => {
      this.#inFlight = undefined
    })
    return this.#inFlight
  }

  /** A login or logout here makes earlier outcomes irrelevant. */
  reset(): void {
    this.#latest = undefined
  }

  /** Feeds a message from another tab. */
  handle(message: TabMessage): void {
    switch (message.type) {
      case 'claim':
        this.#claims.set(message.id, message.at)
        return
      case 'refreshed': {
        this.#claims.delete(message.id)
        if (this.#deps.memory && message.access === undefined) return
        const at = this.#deps.memory ? Date.now() : message.at
        this.#peerOutcome({ ok: true, at, access: message.access })
        return
      }
      case 'failed': {
        this.#claims.delete(message.id)
        const error = new AuthClientError('token_not_valid', 401, 'The session ended in another tab.')
        this.#peerOutcome({ ok: false, at: message.at, error, final: true })
        return
      }
      case 'aborted':
        this.#claims.delete(message.id)
        for (const waiter of this.#waiters) waiter.resolve(undefined)
        return
    }
  }

  #known(sentAt: number): RefreshOutcome | undefined {
    const latest = this.#latest
    return latest !== undefined && latest.at >= sentAt ? latest : undefined
  }

  #peerOutcome(outcome: RefreshOutcome): void {
    // A late message about an older refresh says nothing about the session this tab has now.
    if (this.#latest !== undefined && outcome.at < this.#latest.at) return
    this.#latest = outcome
    this.#deps.onOutcome(outcome, true)
    for (const waiter of this.#waiters) if (outcome.at >= waiter.sentAt) waiter.resolve(outcome)
  }

  #acrossTabs(sentAt: number): Promise<RefreshOutcome> {
    if (this.#deps.locks !== undefined) return this.#withLock(this.#deps.locks, sentAt)
    if (this.#deps.broadcast) return this.#byElection(sentAt)
    return this.#refresh()
  }

  async #withLock(locks: LockManagerLike, sentAt: number): Promise<RefreshOutcome> {
    const name = this.#deps.lockName
    let outcome: RefreshOutcome | undefined
    await locks.request(name, { ifAvailable: true }, async (lock) => {
      if (lock !== null) outcome = this.#known(sentAt) ?? (await this.#refresh())
    })
    if (outcome !== undefined) return outcome
    // Another tab holds the lock, so it is refreshing right now: queue behind it and take its result.
    await locks.request(name, {}, async () => {
      outcome =
        this.#known(sentAt) ?? (await this.#fromPeer(sentAt, LOCK_PEER_WAIT_MS)) ?? (await this.#refresh())
    })
    // The callback ran (a lock request resolves only after it), so outcome is set.
    return outcome ?? (await this.#refresh())
  }

  async #byElection(sentAt: number): Promise<RefreshOutcome> {
    if (this.#openClaims().length > 0) {
      const peer = await this.#fromPeer(sentAt, ELECTION_PEER_WAIT_MS)
      if (peer !== undefined) return peer
    }
    const at = Date.now()
    this.#deps.post({ type: 'claim', id: this.#id, at })
    await sleep(ELECTION_WINDOW_MS)
    const known = this.#known(sentAt)
    if (known !== undefined) return known
    // The earliest claim wins; equal times fall to the smaller id, so every tab picks the same winner.
    const beaten = this.#openClaims().some(
      ([id, claimed]) => claimed < at || (claimed === at && id < this.#id),
    )
    if (beaten) {
      const peer = await this.#fromPeer(sentAt, ELECTION_PEER_WAIT_MS)
      if (peer !== undefined) return peer
    }
    return this.#refresh()
  }

  #openClaims(): [string, number][] {
    const now = Date.now()
    for (const [id, at] of this.#claims) if (now - at > CLAIM_TTL_MS) this.#claims.delete(id)
    return [...this.#claims]
  }

  /** The next peer result that completed after `sentAt`; undefined on timeout or when the peer gave up. */
  #fromPeer(sentAt: number, timeoutMs: number): Promise<RefreshOutcome | undefined> {
    const known = this.#known(sentAt)
    if (known !== undefined) return Promise.resolve(known)
    return new Promise((resolve) => {
      const waiter: Waiter = {
        sentAt,
        resolve: (outcome) => {
          clearTimeout(timer)
          this.#waiters.delete(waiter)
          resolve(outcome)
        },
      }
      const timer = setTimeout(() => waiter.resolve(undefined), timeoutMs)
      this.#waiters.add(waiter)
    })
  }

  async #refresh(): Promise<RefreshOutcome> {
    const outcome = await this.#deps.refreshNow()
    if (outcome.ok || outcome.final) this.#latest = outcome
    const id = this.#id
    if (outcome.ok)
      this.#deps.post({
        type: 'refreshed',
        id,
        at: outcome.at,
        ...(outcome.access && { access: outcome.access }),
      })
    else this.#deps.post({ type: outcome.final ? 'failed' : 'aborted', id, at: outcome.at })
    this.#deps.onOutcome(outcome, false)
    return outcome
  }
}
