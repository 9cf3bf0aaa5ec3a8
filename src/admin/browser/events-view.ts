import { onSubmit } from '../../browser-ui/actions.ts'
import { busy, byId, deviceName, el, field, when } from '../../browser-ui/dom.ts'
import type { AdminApi, AuditEvent } from './api.ts'
import { report } from './report.ts'

const form = byId('events-form', HTMLFormElement)
const list = byId('events', HTMLUListElement)
const newer = byId('events-prev', HTMLButtonElement)
const older = byId('events-next', HTMLButtonElement)
const count = byId('events-count', HTMLSpanElement)

/** One line per event: when, what, whom, by whom, from where, and its details. */
export function describeEvent(event: AuditEvent): HTMLLIElement {
  const li = el('li')
  li.dataset.type = event.type
  const parts = [when(event.at)]
  if (event.user !== null) parts.push(`user ${event.user}`)
  if (event.actor !== null) parts.push(`by admin ${event.actor}`)
  if (event.ip !== '') parts.push(event.ip)
  if (event.user_agent !== '') parts.push(deviceName(event.user_agent))
  const details = Object.entries(event.detail).map(([k, v]) => `${k}: ${String(v)}`)
  li.append(
    el('span', event.type, { className: 'type' }),
    el('br'),
    el('span', [...parts, ...details].join(' · '), { className: 'muted' }),
  )
  return li
}

/** The audit log with its filters (user id, type), newest first. */
export function eventsView(api: AdminApi) {
  let page = 1
  async function load(): Promise<void> {
    const found = await api.events({
      user: field(form, 'user').trim(),
      type: field(form, 'type'),
      page: String(page),
      page_size: '25',
    })
    list.replaceChildren(...found.results.map(describeEvent))
    count.textContent = `${found.count} event${found.count === 1 ? '' : 's'} · page ${page}`
    newer.disabled = found.previous === null
    older.disabled = found.next === null
  }
  const reload = () => load().catch((error: unknown) => report(error))
  /** Opens the list filtered as a link asked (`#/events?user=12`). */
  function open(query: URLSearchParams): Promise<void> {
    const user = form.elements.namedItem('user')
    if (user instanceof HTMLInputElement) user.value = query.get('user') ?? ''
    page = 1
    return load()
  }
  onSubmit(form, report, async () => {
    page = 1
    await load()
  })
  newer.addEventListener('click', () => {
    page = Math.max(1, page - 1)
    void busy(newer, reload)
  })
  older.addEventListener('click', () => {
    page += 1
    void busy(older, reload)
  })
  return { open }
}
