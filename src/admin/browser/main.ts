import { onClick, onSubmit } from '../../browser-ui/actions.ts'
import { byId, field } from '../../browser-ui/dom.ts'
import { quiet, say } from '../../browser-ui/feedback.ts'
import { AuthClientError, createAuthClient } from '../../client/index.ts'
import { AdminApiError, adminApi } from './api.ts'
import { eventsView } from './events-view.ts'
import { report } from './report.ts'
import { userView } from './user-view.ts'
import { usersView } from './users-view.ts'

const loading = byId('loading', HTMLParagraphElement)
const loginForm = byId('login-form', HTMLFormElement)
const nav = byId('nav', HTMLElement)
const VIEWS = ['signed-out', 'users-view', 'new-view', 'user-view', 'events-view'] as const

const auth = createAuthClient({
  mode: 'cookie',
  onSessionEnd: () => {
    show('signed-out')
    say('Your session has ended. Please sign in again.', 'error')
  },
})
const api = adminApi(auth)
const users = usersView(api)
const user = userView(api)
const events = eventsView(api)

function show(view: (typeof VIEWS)[number]): void {
  loading.hidden = true
  for (const id of VIEWS) byId(id, HTMLElement).hidden = id !== view
  nav.hidden = view === 'signed-out'
  for (const link of nav.querySelectorAll('a')) link.removeAttribute('aria-current')
  const section = view === 'events-view' ? 'nav-events' : 'nav-users'
  if (view !== 'signed-out') byId(section, HTMLAnchorElement).setAttribute('aria-current', 'page')
}

/** The view the hash names: `#/users`, `#/users/new`, `#/users/12`, `#/events?user=12`. */
async function route(): Promise<void> {
  const [path = '', query = ''] = location.hash.replace(/^#/, '').split('?')
  const id = /^\/users\/([1-9][0-9]*)$/.exec(path)?.[1]
  try {
    if (path === '/users/new') show('new-view')
    else if (id !== undefined) {
      await user.load(Number(id))
      show('user-view')
    } else if (path === '/events') {
      await events.open(new URLSearchParams(query))
      show('events-view')
    } else {
      await users.load()
      show('users-view')
    }
  } catch (error) {
    if (error instanceof AdminApiError && (error.status === 401 || error.status === 403))
      return signedOut(error)
    report(error)
  }
}

function signedOut(error?: AdminApiError): void {
  show('signed-out')
  if (error?.status === 403) say('This account is not staff: the admin is for staff only.', 'error')
  loginForm.querySelector<HTMLInputElement>('input[name="username"]')?.focus()
}

/** Who is signed in; staff or not is the API's decision (a 403 on the first call). */
async function start(): Promise<void> {
  try {
    const me = await auth.me()
    byId('me', HTMLSpanElement).textContent = me.username
    await route()
  } catch (error) {
    if (error instanceof AuthClientError && error.status === 401) return signedOut()
    loading.hidden = true
    report(error)
  }
}

onSubmit(loginForm, report, async () => {
  await auth.login(field(loginForm, 'username'), field(loginForm, 'password'))
  loginForm.reset()
  await start()
})

// A failed logout (the server unreachable, say) is reported like any other action, not left unhandled.
onClick(byId('logout', HTMLButtonElement), report, async () => {
  await auth.logout()
  signedOut()
  say('You are logged out.', 'info')
})

window.addEventListener('hashchange', () => {
  quiet()
  void route()
})
void start()
