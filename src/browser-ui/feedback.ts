import { byId } from './dom.ts'

/**
 * What a page tells its reader after an action: one line in `#message` (every page that imports this has one) and
 * each field's messages beside the field. How a failure is worded stays with each page: the admin page reads its
 * API's errors as well as the client's, and shows messages that have no field; the demo only the client's.
 */

/** Field name → messages, as DRF reports validation errors. */
export type FieldMessages = Readonly<Record<string, readonly string[]>>

/** Shows one message, replacing the last; `kind` is its class (the stylesheet colours `error` and `info`). */
export function say(text: string, kind: 'error' | 'info'): void {
  // Looked up on use, not on import: importing this must not require the element before a page needs it.
  const message = byId('message', HTMLParagraphElement)
  message.textContent = text
  message.className = kind
  message.hidden = false
}

/** Clears the message and the field errors of every form, before the next action reports afresh. */
export function quiet(): void {
  byId('message', HTMLParagraphElement).hidden = true
  for (const p of document.querySelectorAll<HTMLElement>('.field-error')) p.hidden = true
}

/**
 * Writes each field's messages into its `.field-error[data-field="<name>"]` in `form`. Returns whether any found a
 * place, and the messages of the fields that did not (all of them without a form).
 */
export function showFieldErrors(
  form: HTMLFormElement | undefined,
  fields: FieldMessages,
): { readonly placed: boolean; readonly unplaced: readonly string[] } {
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
  return { placed, unplaced }
}
