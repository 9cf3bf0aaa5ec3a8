import { deviceName, el, when } from '../../browser-ui/dom.ts'
import type { SessionInfo } from '../../client/index.ts'

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
