/** The element with `id`, checked to be of the expected kind: a missing element is a bug in index.html. */
export function byId<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id)
  if (!(element instanceof kind)) throw new Error(`#${id} is missing or not a ${kind.name}`)
  return element
}

/** A new element with text content; values from the server only ever go in as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  props: { className?: string; title?: string } = {},
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  element.textContent = text
  if (props.className !== undefined) element.className = props.className
  if (props.title !== undefined) element.title = props.title
  return element
}

/** The value of a named text field of a form. */
export function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name)
  return typeof value === 'string' ? value : ''
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

/** A timestamp as the reader's locale writes it. */
export function when(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}
