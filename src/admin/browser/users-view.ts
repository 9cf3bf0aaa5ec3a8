import { onSubmit } from '../../browser-ui/actions.ts'
import { busy, byId, checkbox, el, field, when } from '../../browser-ui/dom.ts'
import { say } from '../../browser-ui/feedback.ts'
import type { AdminApi, AdminUser } from './api.ts'
import { report } from './report.ts'

const searchForm = byId('search-form', HTMLFormElement)
const usersBody = byId('users', HTMLTableElement).tBodies[0] as HTMLTableSectionElement
const prev = byId('users-prev', HTMLButtonElement)
const next = byId('users-next', HTMLButtonElement)
const count = byId('users-count', HTMLSpanElement)
const newForm = byId('new-form', HTMLFormElement)

/** Status badges: active or not, staff, superuser. */
export function badges(user: AdminUser): HTMLElement[] {
  const list = [
    el('span', user.is_active ? 'active' : 'inactive', {
      className: user.is_active ? 'badge' : 'badge off',
    }),
  ]
  if (user.is_staff) list.push(el('span', 'staff', { className: 'badge' }))
  if (user.is_superuser) list.push(el('span', 'superuser', { className: 'badge' }))
  return list
}

function row(user: AdminUser): HTMLTableRowElement {
  const tr = el('tr')
  tr.dataset.userId = String(user.id)
  const name = el('td')
  const link = el('a', user.username)
  link.href = `#/users/${user.id}`
  name.append(link)
  const status = el('td')
  status.append(...badges(user))
  tr.append(
    name,
    el('td', `${user.first_name} ${user.last_name}`.trim()),
    el('td', user.email),
    status,
    el('td', when(user.last_login)),
  )
  return tr
}

/** The users list: search and filters in the form, one page at a time. */
export function usersView(api: AdminApi) {
  let page = 1
  const params = () => ({
    search: field(searchForm, 'search'),
    is_active: field(searchForm, 'is_active'),
    is_staff: field(searchForm, 'is_staff'),
    page: String(page),
    page_size: '20',
  })
  async function load(): Promise<void> {
    const found = await api.users(params())
    usersBody.replaceChildren(...found.results.map(row))
    count.textContent = `${found.count} user${found.count === 1 ? '' : 's'} · page ${page}`
    prev.disabled = found.previous === null
    next.disabled = found.next === null
  }
  const reload = () => load().catch((error: unknown) => report(error))
  onSubmit(searchForm, report, async () => {
    page = 1
    await load()
  })
  prev.addEventListener('click', () => {
    page = Math.max(1, page - 1)
    void busy(prev, reload)
  })
  next.addEventListener('click', () => {
    page += 1
    void busy(next, reload)
  })
  onSubmit(newForm, report, async () => {
    const user = await api.create({
      username: field(newForm, 'username'),
      password: field(newForm, 'password'),
      email: field(newForm, 'email'),
      first_name: field(newForm, 'first_name'),
      last_name: field(newForm, 'last_name'),
      is_staff: checkbox(newForm, 'is_staff').checked,
      is_superuser: checkbox(newForm, 'is_superuser').checked,
    })
    newForm.reset()
    location.hash = `#/users/${user.id}`
    say(`Created ${user.username}.`, 'info')
  })
  return { load }
}
