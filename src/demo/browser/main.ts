import { onClick, onSubmit } from '../../browser-ui/actions.ts'
import { busy, byId, el, field } from '../../browser-ui/dom.ts'
import { quiet, say, showFieldErrors } from '../../browser-ui/feedback.ts'
import {
  AuthClientError,
  type AuthMode,
  createAuthClient,
  type SessionEndEvent,
  type SessionInfo,
  type User,
} from '../../client/index.ts'
import { renderSessions } from './sessions-view.ts'

const mode: AuthMode = new URLSearchParams(location.search).get('mode') === 'memory' ? 'memory' : 'cookie'

const loading = byId('loading', HTMLParagraphElement)
const signedOutView = byId('signed-out', HTMLElement)
const signedInView = byId('signed-in', HTMLDivElement)
const loginForm = byId('login-form', HTMLFormElement)
const passwordForm = byId('password-form', HTMLFormElement)
const whoami = byId('whoami', HTMLDListElement)
const sessionsBody = byId('sessions', HTMLTableElement).tBodies[0] as HTMLTableSectionElement

const auth = createAuthClient({ mode, onSessionEnd })

/**
 * The server's own words: its `detail`, and the per-field messages of a validation error beside their fields in
 * `form` (only the password form has places for them; a message with no place is left out for `detail`).
 */
function report(error: unknown, form?: HTMLFormElement): void {
  if (!(error instanceof AuthClientError)) {
    say(`Something went wrong: ${String(error)}`, 'error')
    return
  }
  const { placed } = showFieldErrors(form, error.fields)
  say(placed ? 'Please correct the fields below.' : error.detail, 'error')
}

function showCookies(): void {
  // Only names: the point is that the tokens are not among them.
  const names = document.cookie
    .split(';')
    .map((part) => part.split('=')[0]?.trim() ?? '')
    .filter((name) => name !== '')
  byId('visible-cookies', HTMLElement).textContent = names.length === 0 ? '(nothing)' : names.join(', ')
}

function showSignedOut(): void {
  loading.hidden = true
  signedInView.hidden = true
  signedOutView.hidden = false
  whoami.replaceChildren()
  sessionsBody.replaceChildren()
  showCookies()
  loginForm.querySelector<HTMLInputElement>('input[name="username"]')?.focus()
}

function showUser(user: User): void {
  const name = `${user.first_name} ${user.last_name}`.trim()
  const facts: [string, string][] = [
    ['Name', name === '' ? '—' : name],
    ['Username', user.username],
    ['User id', String(user.id)],
    ['Tokens', mode === 'memory' ? 'access token in memory, refresh in a cookie' : 'HttpOnly cookies'],
  ]
  whoami.replaceChildren(...facts.flatMap(([term, value]) => [el('dt', term), el('dd', value)]))
}

async function revoke(session: SessionInfo, button: HTMLButtonElement): Promise<void> {
  quiet()
  try {
    await busy(button, () => auth.revokeSession(session.id))
    if (session.current) {
      // Revoking this browser's own session is a logout: clear the client's state and cookies too.
      await auth.logout()
      showSignedOut()
      say('You signed this browser out.', 'info')
      return
    }
    say('Session revoked: that device is signed out.', 'info')
    await load()
  } catch (error) {
    report(error)
  }
}

/** Who-am-I and the session list; the signed-out view when there is no session. */
async function load(): Promise<void> {
  try {
    const [user, sessions] = await Promise.all([auth.me(), auth.sessions()])
    loading.hidden = true
    signedOutView.hidden = true
    signedInView.hidden = false
    showUser(user)
    renderSessions(sessionsBody, sessions, (session, button) => void revoke(session, button))
    showCookies()
  } catch (error) {
    if (error instanceof AuthClientError && error.status === 401) return showSignedOut()
    loading.hidden = true
    report(error)
  }
}

function onSessionEnd(event: SessionEndEvent): void {
  showSignedOut()
  say(
    event.reason === 'logged_out'
      ? 'You logged out in another tab.'
      : `Your session has ended (${event.error?.detail ?? 'refresh refused'}). Please sign in again.`,
    'error',
  )
}

onSubmit(loginForm, report, async () => {
  await auth.login(field(loginForm, 'username'), field(loginForm, 'password'))
  loginForm.reset()
  await load()
})

onSubmit(passwordForm, report, async () => {
  await auth.changePassword(field(passwordForm, 'old_password'), field(passwordForm, 'new_password'))
  passwordForm.reset()
  say('Password changed. Every other session has been signed out.', 'info')
  await load()
})

// load() reports its own failures.
onClick(byId('reload', HTMLButtonElement), report, load)

onClick(byId('logout', HTMLButtonElement), report, async () => {
  await auth.logout()
  showSignedOut()
  say('You are logged out.', 'info')
})

onClick(byId('logout-all', HTMLButtonElement), report, async () => {
  await auth.logoutAll()
  showSignedOut()
  say('Every session of this account is logged out.', 'info')
})

byId(`mode-${mode}`, HTMLAnchorElement).setAttribute('aria-current', 'page')
void load()
