import type { RequestBody } from '../http.ts'
import { pythonJsonError } from './json-parse-error.ts'

/**
 * Keys that would reach an object's prototype if a consumer ever merged the body into one (prototype pollution;
 * OWASP ASVS 5.0 15.3.6).
 */
function rejectPrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null))
    throw new Error('forbidden prototype property')
  return value
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}

function fieldsOf(entries: Iterable<[string, unknown]>): Record<string, string[]> {
  const fields: Record<string, string[]> = Object.create(null)
  for (const [name, value] of entries) {
    // Uploaded files are not fields; no Latchkey endpoint takes one.
    if (typeof value !== 'string') continue
    const existing = fields[name]
    if (existing === undefined) fields[name] = [value]
    else existing.push(value)
  }
  return fields
}

/**
 * Turns a raw body into what DRF's parsers (JSON, form, multipart) would make of it. An empty body is no body,
 * whatever its Content-Type (DRF parses nothing then). Parsing never throws: a malformed body is a value, and only
 * the endpoints that read bodies turn it into a 400.
 */
export async function parseBody(
  contentType: string | undefined,
  raw: Buffer | undefined,
): Promise<RequestBody> {
  if (raw === undefined || raw.length === 0) return { kind: 'none' }
  const mediaType = mediaTypeOf(contentType ?? '')
  if (mediaType === 'application/json') {
    const text = raw.toString('utf8')
    try {
      return { kind: 'json', value: JSON.parse(text, rejectPrototypeKeys) }
    } catch (error) {
      const forbidden = error instanceof Error && error.message === 'forbidden prototype property'
      // Nesting deep enough to exhaust the stack is refused like any other unparsable body.
      const tooDeep = error instanceof RangeError
      const reason = forbidden
        ? 'Object contains forbidden prototype property'
        : tooDeep
          ? 'Maximum nesting depth exceeded'
          : pythonJsonError(text, error)
      return { kind: 'malformed', detail: `JSON parse error - ${reason}` }
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded')
    return { kind: 'form', fields: fieldsOf(new URLSearchParams(raw.toString('utf8'))) }
  if (mediaType === 'multipart/form-data') {
    try {
      const form = await new Response(new Uint8Array(raw), {
        headers: { 'content-type': contentType ?? '' },
      }).formData()
      return { kind: 'form', fields: fieldsOf(form.entries()) }
    } catch {
      return { kind: 'malformed', detail: 'Multipart form parse error - Invalid boundary in multipart: None' }
    }
  }
  return { kind: 'unsupported', mediaType: contentType ?? '' }
}
