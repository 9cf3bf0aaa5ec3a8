import type { SessionInfo } from '../../client/index.ts'
import { el, when } from './dom.ts'

/** A short name for a user agent string: enough to tell one's own browsers apart. */
export function deviceName(userAgent: string): string {
  if (userAgent === '') return 'Unknown device'
  const browser = /(Firefox|Edg|Chrome|Chromium|Safari|curl|node)[/ ]/i.exec(userAgent)?.[1] ?? 'Browser'
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux|CrOS)/.exec(userAgent)?.[1]
  const label = browser === 'Edg' ? 'Edge' : browser
  return system === undefined ? label : `${label} on ${system.replace('Mac OS X', 'macOS')}`
}

/** Fills the sessions table: one row per session, the current one marked and the others revocable. */
export function renderSessions(
  body: HTMLTableSectionElement,
  sessions: readonly SessionInfo[],
  onRevoke: (session: SessionInfo, button: HTMLButtonElement) => void,
): void {
  body.replaceChildren(
    ...sessions.map((session) => {
      const row = el('tr')
      row.dataset.sessionId = session.id
      const device = el('td', deviceName(session.user_agent), {
        className: 'device',
        title: session.user_agent,
      })
      if (session.current) device.append(el('span', 'this browser', { className: 'badge' }))
      const action = el('td')
      const button = el('button', session.current ? 'Sign out' : 'Revoke', { className: 'danger' })
      button.type = 'button'
      button.setAttribute(
        'aria-label',
        `${session.current ? 'Sign out' : 'Revoke'} ${deviceName(session.user_agent)}`,
      )
      button.addEventListener('click', () => onRevoke(session, button))
      action.append(button)
      row.append(
        device,
        el('td', session.ip),
        el('td', when(session.created)),
        el('td', when(session.last_used)),
        el('td', when(session.expires)),
        action,
      )
      return row
    }),
  )
}
