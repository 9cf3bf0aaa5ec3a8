import { fieldSource } from '../flows/read-fields.ts'
import type { RequestBody } from '../http.ts'
import { addProblems, type FieldErrors, invalidFields } from '../users/field-errors.ts'

export type FieldKind = 'string' | 'text' | 'boolean'

/** DRF BooleanField's accepted spellings. */
const TRUE = new Set<unknown>([
  true,
  1,
  '1',
  'true',
  'True',
  'TRUE',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'y',
  'Y',
  't',
  'T',
])
const FALSE = new Set<unknown>([
  false,
  0,
  '0',
  'false',
  'False',
  'FALSE',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
  'n',
  'N',
  'f',
  'F',
])

export type FieldValues = Record<string, string | boolean | undefined>

/**
 * Reads the named fields as a DRF serializer would: `string` is a required non-blank CharField, `text` an optional
 * one that may be blank (names, email), `boolean` a BooleanField. Absent optional fields stay undefined (PATCH);
 * unknown fields are ignored, as DRF ignores them. Every error is reported at once, DRF-style.
 */
export function readAdminFields(
  body: RequestBody,
  spec: Readonly<Record<string, FieldKind>>,
  required: readonly string[] = [],
): FieldValues {
  const source = fieldSource(body)
  const errors: FieldErrors = {}
  const values: FieldValues = {}
  for (const [name, kind] of Object.entries(spec)) {
    const raw = source.get(name)
    if (raw === undefined) {
      if (required.includes(name)) addProblems(errors, name, ['This field is required.'])
      continue
    }
    if (raw === null) addProblems(errors, name, ['This field may not be null.'])
    else if (kind === 'boolean') {
      if (TRUE.has(raw)) values[name] = true
      else if (FALSE.has(raw)) values[name] = false
      else addProblems(errors, name, ['Must be a valid boolean.'])
    } else if (typeof raw === 'number' && Number.isFinite(raw)) values[name] = String(raw)
    else if (typeof raw !== 'string') addProblems(errors, name, ['Not a valid string.'])
    else if (raw === '' && kind === 'string') addProblems(errors, name, ['This field may not be blank.'])
    else if (raw.includes('\u0000')) addProblems(errors, name, ['Null characters are not allowed.'])
    else values[name] = raw
  }
  if (Object.keys(errors).length > 0) throw invalidFields(errors)
  return values
}
