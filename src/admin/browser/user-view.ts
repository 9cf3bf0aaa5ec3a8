import { onClick, onSubmit } from '../../browser-ui/actions.ts'
import { actionButton, busy, byId, checkbox, el, field, when } from '../../browser-ui/dom.ts'
import { quiet, say } from '../../browser-ui/feedback.ts'
import { sessionRow } from '../../browser-ui/session-row.ts'
import type { AdminApi, AdminUser, AuditEvent } from './api.ts'
import { describeEvent } from './events-view.ts'
import { report } from './report.ts'
import { badges } from './users-view.ts'

const title = byId('user-title', HTMLHeadingElement)
const facts = byId('user-facts', HTMLDListElement)
const sessionsTable = byId('user-sessions', HTMLTableElement)
const sessionsBody = sessionsTable.tBodies[0] as HTMLTableSectionElement
const noSessions = byId('no-sessions', HTMLParagraphElement)
const eventsList = byId('user-events', HTMLUListElement)
const editForm = byId('edit-form', HTMLFormElement)
const passwordForm = byId('password-form', HTMLFormElement)
const deactivateButton = byId('deactivate', HTMLButtonElement)
const reactivateButton = byId('reactivate', HTMLButtonElement)
const logoutButton = byId('logout-user', HTMLButtonElement)
const deleteButton = byId('delete', HTMLButtonElement)
const confirmForm = byId('delete-confirm', HTMLFormElement)

function input(form: HTMLFormElement, name: string): HTMLInputElement {
  const element = form.elements.namedItem(name)
  if (!(element instanceof HTMLInputElement)) throw new Error(`no input ${name}`)
  return element
}

function showFacts(user: AdminUser): void {
  title.textContent = user.username
  const status = el('dd')
  status.append(...badges(user))
  facts.replaceChildren(
    ...[
      ['Id', String(user.id)],
      ['Name', `${user.first_name} ${user.last_name}`.trim() || '—'],
      ['Email', user.email || '—'],
      ['Joined', when(user.date_joined)],
      ['Last login', when(user.last_login)],
    ].flatMap(([term, value]) => [el('dt', term), el('dd', value)]),
    el('dt', 'Status'),
    status,
  )
  input(editForm, 'email').value = user.email
  input(editForm, 'first_name').value = user.first_name
  input(editForm, 'last_name').value = user.last_name
  checkbox(editForm, 'is_staff').checked = user.is_staff
  checkbox(editForm, 'is_superuser').checked = user.is_superuser
  deactivateButton.hidden = !user.is_active
  reactivateButton.hidden = user.is_active
  confirmForm.hidden = true
  byId('delete-name', HTMLElement).textContent = user.username
  byId('all-events', HTMLAnchorElement).href = `#/events?user=${user.id}`
}

/** One user's page: facts, sessions with revoke buttons, recent events, edit, password, (de)activate, delete. */
export function userView(api: AdminApi) {
  let current: AdminUser | undefined
  async function load(id: number): Promise<void> {
    const [user, sessions, events] = await Promise.all([
      api.user(id),
      api.sessions(id),
      api.events({ user: String(id), page_size: '10' }),
    ])
    current = user
    showFacts(user)
    sessionsBody.replaceChildren(
      ...sessions.map((session) =>
        sessionRow(session, {
          action: actionButton('Revoke', 'danger', async () => {
            quiet()
            try {
              await api.revokeSession(session.id)
              say('Session revoked: that device is signed out.', 'info')
              await load(id)
            } catch (error) {
              report(error)
            }
          }),
        }),
      ),
    )
    noSessions.hidden = sessions.length > 0
    sessionsTable.hidden = sessions.length === 0
    eventsList.replaceChildren(...events.results.map((event: AuditEvent) => describeEvent(event)))
  }
  // `current` is set before the view is first shown and never unset: the guards below only narrow its type.
  const act = (button: HTMLButtonElement, work: (user: AdminUser) => Promise<string>) =>
    onClick(button, report, async () => {
      if (current === undefined) return
      const user = current
      const text = await work(user)
      await load(user.id)
      say(text, 'info')
    })
  act(deactivateButton, async (user) => {
    await api.update(user.id, { is_active: false })
    return `${user.username} is deactivated: every session was revoked.`
  })
  act(reactivateButton, async (user) => {
    await api.update(user.id, { is_active: true })
    return `${user.username} can log in again.`
  })
  act(logoutButton, async (user) => {
    const { revoked_sessions } = await api.logoutAll(user.id)
    return `Revoked ${revoked_sessions} session${revoked_sessions === 1 ? '' : 's'}.`
  })
  deleteButton.addEventListener('click', () => {
    confirmForm.hidden = false
    input(confirmForm, 'confirm').focus()
  })
  byId('delete-cancel', HTMLButtonElement).addEventListener('click', () => {
    confirmForm.reset()
    confirmForm.hidden = true
  })
  confirmForm.addEventListener('submit', (event) => {
    event.preventDefault()
    if (current === undefined) return
    const user = current
    if (field(confirmForm, 'confirm') !== user.username)
      return say('Type the username exactly to delete.', 'error')
    void busy(confirmForm, async () => {
      try {
        await api.remove(user.id)
        confirmForm.reset()
        location.hash = '#/users'
        say(`Deleted ${user.username}.`, 'info')
      } catch (error) {
        report(error)
      }
    })
  })
  onSubmit(editForm, report, async () => {
    if (current === undefined) return
    const user = current
    const change: Record<string, unknown> = {
      email: field(editForm, 'email'),
      first_name: field(editForm, 'first_name'),
      last_name: field(editForm, 'last_name'),
    }
    // Flags are sent only when changed: a staff member who is not a superuser may still edit names.
    const staff = checkbox(editForm, 'is_staff').checked
    const superuser = checkbox(editForm, 'is_superuser').checked
    if (staff !== user.is_staff) change.is_staff = staff
    if (superuser !== user.is_superuser) change.is_superuser = superuser
    await api.update(user.id, change)
    await load(user.id)
    say('Saved.', 'info')
  })
  onSubmit(passwordForm, report, async () => {
    if (current === undefined) return
    const user = current
    const keep = checkbox(passwordForm, 'keep_sessions').checked
    const { revoked_sessions } = await api.setPassword(user.id, field(passwordForm, 'password'), !keep)
    passwordForm.reset()
    await load(user.id)
    say(`Password set; ${revoked_sessions} session${revoked_sessions === 1 ? '' : 's'} revoked.`, 'info')
  })
  return { load }
}
