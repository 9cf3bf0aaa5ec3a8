import { deviceName, el, when } from '../../browser-ui/dom.ts'
import { sessionRow } from '../../browser-ui/session-row.ts'
import type { SessionInfo } from '../../client/index.ts'

/** Fills the sessions table: one row per session, the current one marked and the others revocable. */
export function renderSessions(
  body: HTMLTableSectionElement,
  sessions: readonly SessionInfo[],
  onRevoke: (session: SessionInfo, button: HTMLButtonElement) => void,
): void {
  body.replaceChildren(
    ...sessions.map((session) => {
      const button = el('button', session.current ? 'Sign out' : 'Revoke', { className: 'danger' })
      button.type = 'button'
      button.setAttribute(
        'aria-label',
        `${session.current ? 'Sign out' : 'Revoke'} ${deviceName(session.user_agent)}`,
      )
      button.addEventListener('click', () => onRevoke(session, button))
      return sessionRow(session, {
        badge: session.current ? 'this browser' : undefined,
        more: [el('td', when(session.expires))],
        action: button,
      })
    }),
  )
}
