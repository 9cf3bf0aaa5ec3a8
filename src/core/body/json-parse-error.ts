/**
 * Python's `json` error text for a body V8 could not parse, so `JSON parse error - …` reads as the reference's
 * (`Expecting property name enclosed in double quotes: line 1 column 2 (char 1)`). V8 reports a position; Python's
 * wording is chosen from V8's message.
 */
const WORDING: readonly (readonly [RegExp, string])[] = [
  [/property name/i, 'Expecting property name enclosed in double quotes'],
  [/after property name|':'/i, "Expecting ':' delimiter"],
  [/after (property value|array element)|',' or/i, "Expecting ',' delimiter"],
  [/non-whitespace character after JSON/i, 'Extra data'],
  [/control character/i, 'Invalid control character at'],
  [/unterminated string/i, 'Unterminated string starting at'],
  [/escape/i, 'Invalid \\escape'],
]

function location(text: string, index: number): string {
  const before = text.slice(0, index)
  const line = before.split('\n').length
  const column = index - before.lastIndexOf('\n')
  return `line ${line} column ${column} (char ${index})`
}

export function pythonJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  const position = /position (\d+)/.exec(message)
  const index = position ? Number(position[1]) : text.length
  const wording = WORDING.find(([pattern]) => pattern.test(message))?.[1] ?? 'Expecting value'
  return `${wording}: ${location(text, Math.min(index, text.length))}`
}
