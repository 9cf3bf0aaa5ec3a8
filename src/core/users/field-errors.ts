import { AuthError } from '../errors.ts'

/** Field name (as on the wire) → Django's messages for it. */
export type FieldErrors = Record<string, string[]>

/** DRF's ValidationError body: the field errors first, then `detail` and `code`. */
export function invalidFields(errors: Readonly<FieldErrors>): AuthError {
  return new AuthError('invalid', 'Invalid input.', { leading: errors })
}

/** Adds the messages (if any) to a field's list. */
export function addProblems(errors: FieldErrors, field: string, problems: readonly string[]): void {
  if (problems.length > 0) errors[field] = [...(errors[field] ?? []), ...problems]
}
