import { commonPasswords } from './passwords/common-passwords.ts'

/**
 * A conservative estimate of the entropy of a secret key, in bits, in the spirit of zxcvbn (Wheeler, USENIX
 * Security 2016): each character is worth log2 of the alphabet its character classes span, except where a pattern
 * makes it guessable — a run of one character (`aaaa`), a sequence (`abcd`, `4321`), a block repeated from earlier
 * in the key, or a common word or password from the bundled breach list — which is worth only what it takes to name
 * the pattern. Patterns count from four characters (words from six letters), so a truly random key of 256 bits
 * (`openssl rand -base64 32`) is practically never marked down, while forty `a`s are worth about ten bits.
 *
 * @example estimateSecretBits('a'.repeat(40)) < 256 // true
 */
export function estimateSecretBits(secret: string): number {
  const chars = [...secret]
  const perChar = Math.log2(alphabetSize(chars))
  const words = dictionary()
  let bits = 0
  let i = 0
  while (i < chars.length) {
    const run = runLength(chars, i)
    if (run >= 4) {
      bits += perChar + Math.log2(run)
      i += run
      continue
    }
    const sequence = sequenceLength(chars, i)
    if (sequence >= 4) {
      bits += perChar + Math.log2(sequence) + 1
      i += sequence
      continue
    }
    const repeat = repeatedBlock(chars, i)
    if (repeat >= 4) {
      bits += Math.log2(i) + Math.log2(repeat)
      i += repeat
      continue
    }
    const word = wordLength(chars, i, words)
    if (word >= 6) {
      bits += Math.log2(words.size)
      i += word
      continue
    }
    bits += perChar
    i++
  }
  return bits
}

function alphabetSize(chars: readonly string[]): number {
  let size = 0
  if (chars.some((c) => c >= 'a' && c <= 'z')) size += 26
  if (chars.some((c) => c >= 'A' && c <= 'Z')) size += 26
  if (chars.some((c) => c >= '0' && c <= '9')) size += 10
  if (chars.some((c) => !/^[A-Za-z0-9]$/.test(c))) size += 33
  return Math.max(size, 1)
}

function runLength(chars: readonly string[], start: number): number {
  let end = start + 1
  while (end < chars.length && chars[end] === chars[start]) end++
  return end - start
}

function sequenceLength(chars: readonly string[], start: number): number {
  const code = (k: number) => (chars[k] as string).codePointAt(0) as number
  if (start + 1 >= chars.length) return 1
  const step = code(start + 1) - code(start)
  if (step !== 1 && step !== -1) return 1
  let end = start + 1
  while (end < chars.length && code(end) - code(end - 1) === step) end++
  return end - start
}

/** The longest block starting here that already occurred earlier in the key. */
function repeatedBlock(chars: readonly string[], start: number): number {
  const before = chars.slice(0, start).join('')
  let length = 0
  while (start + length < chars.length && before.includes(chars.slice(start, start + length + 1).join('')))
    length++
  return length
}

function wordLength(chars: readonly string[], start: number, words: ReadonlySet<string>): number {
  for (let end = Math.min(chars.length, start + 24); end >= start + 6; end--)
    if (words.has(chars.slice(start, end).join('').toLowerCase())) return end - start
  return 0
}

let words: ReadonlySet<string> | undefined

/** The breach list's entries of six or more letters (digits-only entries are sequences or noise here). */
function dictionary(): ReadonlySet<string> {
  words ??= new Set([...commonPasswords()].filter((w) => w.length >= 6 && /^[a-z]+$/.test(w)))
  return words
}
