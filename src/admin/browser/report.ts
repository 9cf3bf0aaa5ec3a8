import { say, showFieldErrors } from '../../browser-ui/feedback.ts'
import { AuthClientError } from '../../client/index.ts'
import { AdminApiError } from './api.ts'

/**
 * The server's own words for a failed action: `detail`, and each field's messages beside the field of `form` when it
 * has one; the messages of fields the form does not show go in the message line rather than being lost.
 */
export function report(error: unknown, form?: HTMLFormElement): void {
  const fields =
    error instanceof AdminApiError ? error.fields : error instanceof AuthClientError ? error.fields : {}
  const { placed, unplaced } = showFieldErrors(form, fields)
  if (unplaced.length > 0) say(unplaced.join(' '), 'error')
  else if (placed) say('Please correct the fields below.', 'error')
  else if (error instanceof AdminApiError || error instanceof AuthClientError)
    say(error instanceof AuthClientError ? error.detail : error.message, 'error')
  else say(`Something went wrong: ${String(error)}`, 'error')
}
