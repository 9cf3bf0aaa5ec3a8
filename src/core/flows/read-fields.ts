import { AuthError } from '../errors.ts'
import type { RequestBody } from '../http.ts'

/** DRF's name for a parsed JSON value's Python type, for "Expected a dictionary, but got list." */
function pythonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  return 'NoneType'
}

/** The request body as a field map, or throws 415 / 400 exactly where DRF's parsers and serializers would. */
export function fieldSource(body: RequestBody): ReadonlyMap<string, unknown> {
  switch (body.kind) {
    case 'none':
      return new Map()
    case 'malformed':
      throw new AuthError('parse_error', body.detail)
    case 'unsupported':
      throw new AuthError('unsupported_media_type', `Unsupported media type "${body.mediaType}" in request.`)
    case 'form':
      // QueryDict.get returns the last value of a repeated field.
      return new Map(Object.entries(body.fields).map(([name, values]) => [name, values[values.length - 1]]))
    case 'json': {
      const value = body.value
      if (value === null) throw invalid({ non_field_errors: ['No data provided'] })
      if (typeof value !== 'object' || Array.isArray(value))
        throw invalid({
          non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`],
        })
      return new Map(Object.entries(value))
    }
  }
}

function invalid(fields: Readonly<Record<string, readonly string[]>>): AuthError {
  return new AuthError('invalid', 'Invalid input.', { leading: fields })
}

/**
 * Reads required string fields as DRF's `CharField(required=True)` does, with one deliberate difference: values are
 * not whitespace-trimmed (a password with a leading space is a different password). Numbers are accepted as their
 * text, as DRF does; booleans, lists and objects are "Not a valid string.". All field errors are reported at once.
 */
export function readStringFields<const K extends string>(
  body: RequestBody,
  names: readonly K[],
): Record<K, string> {
  const source = fieldSource(body)
  const errors: Record<string, string[]> = {}
  const values: Partial<Record<K, string>> = {}
  for (const name of names) {
    const raw = source.get(name)
    if (raw === undefined) errors[name] = ['This field is required.']
    else if (raw === null) errors[name] = ['This field may not be null.']
    else if (typeof raw === 'number' && Number.isFinite(raw)) values[name] = String(raw)
    else if (typeof raw !== 'string') errors[name] = ['Not a valid string.']
    else if (raw === '') errors[name] = ['This field may not be blank.']
    else if (raw.includes('\u0000')) errors[name] = ['Null characters are not allowed.']
    else values[name] = raw
  }
  if (Object.keys(errors).length > 0) throw invalid(errors)
  return values as Record<K, string>
}
