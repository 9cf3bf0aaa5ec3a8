import { isCommonPassword } from './common-passwords.ts'
import { userAttributeSimilarity } from './user-attribute-similarity.ts'

export interface PasswordOwner {
  readonly username: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string
}

const MIN_LENGTH = 8

/**
 * Python's `str.isdigit()`: non-empty, and every character has Numeric_Type Decimal (`\p{Nd}`) or Digit. The
 * Digit-only characters (superscripts, subscripts, circled and parenthesised digits, …) have no regex property,
 * so they are listed as Python 3.11 (Unicode 14) reports them.
 */
const PYTHON_DIGITS =
  /^[\p{Nd}\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\u{10a40}-\u{10a43}\u{10e60}-\u{10e68}\u{11052}-\u{1105a}\u{1f100}-\u{1f10a}]+$/u

/**
 * Django's four default AUTH_PASSWORD_VALIDATORS, in the settings order of a new Django project, with Django
 * 5.1's messages: UserAttributeSimilarity (username, first name, last name, email address; 0.7),
 * MinimumLength(8), CommonPassword, Numeric. Returns every message that applies, like `validate_password`'s
 * ValidationError list; an empty array means the password is acceptable.
 *
 * @example
 * validatePassword('123', { username: 'ann', firstName: '', lastName: '', email: '' })
 * // ['This password is too short. It must contain at least 8 characters.',
 * //  'This password is too common.', 'This password is entirely numeric.']
 */
export function validatePassword(password: string, owner: PasswordOwner): string[] {
  const problems: string[] = []
  const similar = userAttributeSimilarity(password, [
    { verboseName: 'username', value: owner.username },
    { verboseName: 'first name', value: owner.firstName },
    { verboseName: 'last name', value: owner.lastName },
    { verboseName: 'email address', value: owner.email },
  ])
  if (similar !== undefined) problems.push(similar)
  // Python's len() counts code points: an emoji is one character, not two UTF-16 units.
  if ([...password].length < MIN_LENGTH)
    problems.push(`This password is too short. It must contain at least ${MIN_LENGTH} characters.`)
  if (isCommonPassword(password)) problems.push('This password is too common.')
  if (PYTHON_DIGITS.test(password)) problems.push('This password is entirely numeric.')
  return problems
}
