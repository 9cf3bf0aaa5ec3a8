import { byId } from '../../browser-ui/dom.ts'
import { AuthClientError } from '../../client/index.ts'
import { AdminApiError } from './api.ts'

const message = byId('message', HTMLParagraphElement)

export function say(text: string, kind: 'error' | 'info'): void {
  message.textContent = text
  message.className = kind
  message.hidden = false
}

/** Clears the message and the field errors of every form. */
export function quiet(): void {
  message.hidden = true
  for (const p of document.querySelectorAll<HTMLElement>('.field-error')) p.hidden = true
}

/** The server's own words: `detail`, and each field's messages beside the field of `form` when it has one. */
export function report(error: unknown, form?: HTMLFormElement): void {
  const fields =
    error instanceof AdminApiError ? error.fields : error instanceof AuthClientError ? error.fields : {}
  let placed = false
  const unplaced: string[] = []
  for (const [name, messages] of Object.entries(fields)) {
    const target = form?.querySelector<HTMLElement>(`.field-error[data-field="${CSS.escape(name)}"]`)
    if (target === null || target === undefined) {
      unplaced.push(messages.join(' '))
      continue
    }
    target.textContent = messages.join(' ')
    target.hidden = false
    placed = true
  }
  if (unplaced.length > 0) say(unplaced.join(' '), 'error')
  else if (placed) say('Please correct the fields below.', 'error')
  else if (error instanceof AdminApiError || error instanceof AuthClientError)
    say(error instanceof AuthClientError ? error.detail : error.message, 'error')
  else say(`Something went wrong: ${String(error)}`, 'error')
}
