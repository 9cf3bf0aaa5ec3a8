import { AuthError } from '../errors.ts'
import type { AuthRequest } from '../http.ts'
import { invalidFields } from '../users/field-errors.ts'

/** The request's query parameters (the last value of a repeated one wins, as Django's QueryDict.get). */
export function queryParams(request: AuthRequest): URLSearchParams {
  return new URLSearchParams(request.query ?? '')
}

const TRUE = new Set(['true', 'True', '1'])
const FALSE = new Set(['false', 'False', '0'])

/** An optional boolean filter (`?is_active=true`); anything else is a 400 naming the parameter. */
export function booleanParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name)
  if (value === null || value === '') return undefined
  if (TRUE.has(value)) return true
  if (FALSE.has(value)) return false
  throw invalidFields({ [name]: ['Must be a valid boolean.'] })
}

const MAX_ID = 2 ** 31 - 1

/** A 32-bit positive id as text (`^[1-9][0-9]*$`), or undefined: checked before any query touches a database. */
export function parseId(text: string | undefined): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return undefined
  const id = Number(text)
  return id <= MAX_ID ? id : undefined
}

/** A user id from the path, or the 404 an unknown user gets. */
export function pathUserId(params: Readonly<Record<string, string>>): number {
  const id = parseId(params.id)
  if (id === undefined) throw new AuthError('not_found', 'Not found.')
  return id
}

/** An optional integer filter (`?user=12`): DRF's "Enter a number." otherwise. */
export function idParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name)
  if (value === null || value === '') return undefined
  const id = parseId(value)
  if (id === undefined) throw invalidFields({ [name]: ['Enter a valid number.'] })
  return id
}
