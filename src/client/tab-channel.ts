import { type ChannelLike, platformChannel } from './platform.ts'

/**
 * What tabs of one origin tell each other about one Latchkey server. `id` names the tab that refreshed (or claims
 * the right to), `at` is when (epoch ms, one clock per machine).
 */
export type TabMessage =
  | { readonly type: 'claim'; readonly id: string; readonly at: number }
  | { readonly type: 'refreshed'; readonly id: string; readonly at: number; readonly access?: string }
  /** The refresh was refused for good: the session is over for every tab. */
  | { readonly type: 'failed'; readonly id: string; readonly at: number }
  /** The refresh failed for a passing reason (network, 5xx): a waiting tab should try itself. */
  | { readonly type: 'aborted'; readonly id: string; readonly at: number }
  | { readonly type: 'logged_out'; readonly id: string; readonly at: number }
  | { readonly type: 'logged_in'; readonly id: string; readonly at: number }

const TYPES = new Set(['claim', 'refreshed', 'failed', 'aborted', 'logged_out', 'logged_in'])

/** Messages come from same-origin pages, which may run another version of this client: check the shape. */
function isTabMessage(value: unknown): value is TabMessage {
  if (typeof value !== 'object' || value === null) return false
  const m = value as Record<string, unknown>
  if (typeof m.type !== 'string' || !TYPES.has(m.type)) return false
  if (typeof m.id !== 'string' || typeof m.at !== 'number') return false
  return m.access === undefined || typeof m.access === 'string'
}

/** A BroadcastChannel that speaks {@link TabMessage}; silent where the runtime has none. */
export class TabChannel {
  readonly #channel: ChannelLike | undefined

  constructor(name: string, enabled: boolean, onMessage: (message: TabMessage) => void) {
    this.#channel = enabled ? platformChannel(name) : undefined
    if (this.#channel === undefined) return
    this.#channel.onmessage = (event) => {
      if (isTabMessage(event.data)) onMessage(event.data)
    }
  }

  get available(): boolean {
    return this.#channel !== undefined
  }

  post(message: TabMessage): void {
    this.#channel?.postMessage(message)
  }

  close(): void {
    this.#channel?.close()
  }
}
