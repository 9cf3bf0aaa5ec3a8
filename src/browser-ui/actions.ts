import { busy } from './dom.ts'
import { quiet } from './feedback.ts'

/** How a page words a failed action; `form` is where the action's field errors go, when it came from a form. */
export type ReportFailure = (error: unknown, form?: HTMLFormElement) => void

/**
 * Runs `work` when `form` is submitted (instead of the browser's own submit): the last message and field errors
 * cleared first, the form's buttons disabled meanwhile so a double click sends one request, and a failure reported
 * beside the form's fields.
 *
 * @example onSubmit(loginForm, report, async () => { await auth.login(…); loginForm.reset() })
 */
export function onSubmit(form: HTMLFormElement, report: ReportFailure, work: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    quiet()
    void busy(form, async () => {
      try {
        await work()
      } catch (error) {
        report(error, form)
      }
    })
  })
}

/**
 * Runs `work` when `button` is clicked: the last message cleared first, the button disabled meanwhile, and a
 * failure reported.
 *
 * @example onClick(logoutButton, report, async () => { await auth.logout(); say('You are logged out.', 'info') })
 */
export function onClick(button: HTMLButtonElement, report: ReportFailure, work: () => Promise<void>): void {
  button.addEventListener('click', () => {
    quiet()
    void busy(button, async () => {
      try {
        await work()
      } catch (error) {
        report(error)
      }
    })
  })
}
