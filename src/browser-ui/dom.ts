/**
 * DOM helpers shared by the browser pages the server serves (the demo at `/`, the admin page at `/admin/`): served
 * to each page beside its own modules, never bundled.
 */
/** The element with `id`, checked to be of the expected kind: a missing element is a bug in index.html. */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id)
  if (!(element instanceof kind)) throw new Error(`#${id} is missing or not a ${kind.name}`)
  return element
}

/** A new element with text content: values from the server only ever go in as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  props: { readonly className?: string; readonly title?: string } = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  element.textContent = text
  if (props.className !== undefined) element.className = props.className
  if (props.title !== undefined) element.title = props.title
  return element
}

/** A button that runs `onClick` with itself disabled meanwhile, so a double click sends one request. */
export function actionButton(
  label: string,
  className: string,
  onClick: () => Promise<void>,
): HTMLButtonElement {
  const button = el('button', label, { className })
  button.type = 'button'
  button.addEventListener('click', () => void busy(button, onClick))
  return button
}

/** Disables a form's (or a button's) controls while `work` runs, so a double click sends one request. */
export async function busy<T>(
  control: HTMLFormElement | HTMLButtonElement,
  work: () => Promise<T>,
): Promise<T> {
  const buttons = control instanceof HTMLFormElement ? [...control.querySelectorAll('button')] : [control]
  for (const button of buttons) button.disabled = true
  try {
    return await work()
  } finally {
    for (const button of buttons) button.disabled = false
  }
}

/** A timestamp as the reader's locale writes it; '—' for none. */
export function when(iso: string | null): string {
  if (iso === null) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** A text field of a form. */
export function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name)
  return typeof value === 'string' ? value : ''
}

/** A checkbox of a form. */
export function checkbox(form: HTMLFormElement, name: string): HTMLInputElement {
  const input = form.elements.namedItem(name)
  if (!(input instanceof HTMLInputElement)) throw new Error(`no checkbox ${name}`)
  return input
}

/** A short name for a user agent: enough to tell browsers apart. */
export function deviceName(userAgent: string): string {
  if (userAgent === '') return 'Unknown device'
  const browser = /(Firefox|Edg|Chrome|Chromium|Safari|curl|node)[/ ]/i.exec(userAgent)?.[1] ?? 'Browser'
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux|CrOS)/.exec(userAgent)?.[1]
  const label = browser === 'Edg' ? 'Edge' : browser
  return system === undefined ? label : `${label} on ${system.replace('Mac OS X', 'macOS')}`
}
