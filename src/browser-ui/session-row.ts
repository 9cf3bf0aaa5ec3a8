import { deviceName, el, when } from './dom.ts'

/** What both session lists (the client's own, the admin API's for a user) say about a session. */
export interface SessionSummary {
  readonly id: string
  readonly user_agent: string
  readonly ip: string
  readonly created: string
  readonly last_used: string
}

/** What a page adds to the cells every sessions table has. */
export interface SessionRowParts {
  /** A badge after the device's name (the demo marks its own session 'this browser'). */
  readonly badge?: string | undefined
  /** Cells between "last used" and the action (the demo's "expires"). */
  readonly more?: readonly HTMLTableCellElement[]
  /** The row's button: revoke, or sign out. */
  readonly action: HTMLButtonElement
}

/**
 * A sessions-table row: the device (a short name, the whole user agent on hover), IP, signed in and last used, then
 * the page's other cells and its button. The row carries its session's id in `data-session-id`.
 */
export function sessionRow(session: SessionSummary, parts: SessionRowParts): HTMLTableRowElement {
  const row = el('tr')
  row.dataset.sessionId = session.id
  const device = el('td', deviceName(session.user_agent), { className: 'device', title: session.user_agent })
  if (parts.badge !== undefined) device.append(el('span', parts.badge, { className: 'badge' }))
  const action = el('td')
  action.append(parts.action)
  row.append(
    device,
    el('td', session.ip),
    el('td', when(session.created)),
    el('td', when(session.last_used)),
    ...(parts.more ?? []),
    action,
  )
  return row
}
