/** Django's `first_name` / `last_name` max_length. */
export const MAX_NAME_LENGTH = 150
/** Django's `EmailField` max_length (RFC 3696 errata 1690). */
export const MAX_EMAIL_LENGTH = 254

/**
 * A practical form of Django's `EmailValidator`: one `@`, a dot-atom local part (or a quoted string), and a domain of
 * dot-separated labels of letters, digits and hyphens (IDN labels allowed as Unicode letters), or an IP literal.
 */
const LOCAL =
  /^(?:[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*")$/
const DOMAIN =
  /^(?:(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,63}|\[[0-9A-Fa-f:.]+\])$/u

/**
 * Django's messages for an email address ('' is allowed: `blank=True`).
 *
 * @example emailProblems('not-an-email') // ['Enter a valid email address.']
 */
export function emailProblems(email: string): string[] {
  if (email === '') return []
  if (email.length > MAX_EMAIL_LENGTH)
    return [`Ensure this field has no more than ${MAX_EMAIL_LENGTH} characters.`]
  const at = email.lastIndexOf('@')
  if (at <= 0 || !LOCAL.test(email.slice(0, at)) || !DOMAIN.test(email.slice(at + 1)))
    return ['Enter a valid email address.']
  return []
}

/** Django's message for a name longer than the column. */
export function nameProblems(name: string): string[] {
  return [...name].length > MAX_NAME_LENGTH
    ? [`Ensure this field has no more than ${MAX_NAME_LENGTH} characters.`]
    : []
}
