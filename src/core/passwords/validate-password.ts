import { commonPasswords } from './common-passwords.ts'

export interface PasswordOwner {
  readonly username: string
  readonly firstName: string
  readonly lastName: string
  readonly email: string
}

const MIN_LENGTH = 8
const MAX_SIMILARITY = 0.7

/** Python's `difflib.SequenceMatcher(a, b).quick_ratio()`: 2·(shared characters, as multisets) / total length. */
function quickRatio(a: string, b: string): number {
  const total = a.length + b.length
  if (total === 0) return 1
  const counts = new Map<string, number>()
  for (const c of b) counts.set(c, (counts.get(c) ?? 0) + 1)
  let matches = 0
  for (const c of a) {
    const left = counts.get(c) ?? 0
    if (left > 0) {
      matches++
      counts.set(c, left - 1)
    }
  }
  return (2 * matches) / total
}

/** Django skips attribute parts far shorter than the password: they cannot make it guessable. */
function exceedsMaximumLengthRatio(password: string, value: string): boolean {
  return password.length >= 10 * value.length && value.length < (MAX_SIMILARITY / 2) * password.length
}

function tooSimilar(password: string, owner: PasswordOwner): string | undefined {
  const lower = password.toLowerCase()
  const attributes: [string, string][] = [
    ['username', owner.username],
    ['first name', owner.firstName],
    ['last name', owner.lastName],
    ['email address', owner.email],
  ]
  for (const [verboseName, value] of attributes) {
    if (value === '') continue
    const valueLower = value.toLowerCase()
    for (const part of [...valueLower.split(/[^\p{L}\p{N}_]+/u), valueLower]) {
      if (exceedsMaximumLengthRatio(lower, part)) continue
      if (quickRatio(lower, part) >= MAX_SIMILARITY)
        return `The password is too similar to the ${verboseName}.`
    }
  }
  return undefined
}

/**
 * Django's four default AUTH_PASSWORD_VALIDATORS, in their settings order, with Django 5.1's messages:
 * UserAttributeSimilarity, MinimumLength(8), CommonPassword, Numeric. Returns every message that applies.
 */
export function validatePassword(password: string, owner: PasswordOwner): string[] {
  const problems: string[] = []
  const similar = tooSimilar(password, owner)
  if (similar !== undefined) problems.push(similar)
  if ([...password].length < MIN_LENGTH)
    problems.push(`This password is too short. It must contain at least ${MIN_LENGTH} characters.`)
  if (commonPasswords().has(password.toLowerCase().trim())) problems.push('This password is too common.')
  if (/^\p{Nd}+$/u.test(password)) problems.push('This password is entirely numeric.')
  return problems
}
