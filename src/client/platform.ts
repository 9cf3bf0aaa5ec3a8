/**
 * The few platform APIs the client uses, typed structurally so the same source type-checks against the DOM library
 * (browsers) and against Node's types (the unit tests run it on Node 24, which has fetch, Web Locks and
 * BroadcastChannel too).
 */

/** Web Locks' `navigator.locks`: browsers' LockManager and Node's both fit. */
export interface LockManagerLike {
  request(
    name: string,
    options: { readonly ifAvailable?: boolean },
    callback: (lock: object | null) => Promise<unknown>,
  ): Promise<unknown>
}

/** A BroadcastChannel as the client uses it. */
export interface ChannelLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null
  postMessage(message: unknown): void
  close(): void
}

export function platformLocks(): LockManagerLike | undefined {
  // Absent outside secure contexts (plain http on a LAN address), where the BroadcastChannel fallback takes over.
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks
}

export function platformChannel(name: string): ChannelLike | undefined {
  const Channel = (globalThis as unknown as { BroadcastChannel?: new (name: string) => ChannelLike })
    .BroadcastChannel
  return typeof Channel === 'function' ? new Channel(name) : undefined
}

/** `document.cookie`: the page's non-HttpOnly cookies; empty where there is no document. */
export function documentCookies(): string {
  return (globalThis as { document?: { cookie: string } }).document?.cookie ?? ''
}

/** The page's origin, the default API location. */
export function pageOrigin(): string | undefined {
  return (globalThis as { location?: { origin: string } }).location?.origin
}
