/**
 * A port of Django 5.1's UserAttributeSimilarityValidator (django/contrib/auth/password_validation.py). Lengths
 * are counted in code points, as Python's `len` counts them, not in UTF-16 units.
 */

/** Python's `\W` on str patterns: not `str.isalnum()` (every letter and number category) and not `_`. */
const NON_WORD = /[^\p{L}\p{N}_]+/u

/**
 * Python's `difflib.SequenceMatcher(a=a, b=b).quick_ratio()`: 2·M / T, where M is the size of the multiset
 * intersection of the two strings' characters and T their total length. An upper bound on `ratio()`; 1 for two
 * empty strings, as in `difflib._calculate_ratio`.
 */
export function quickRatio(a: string, b: string): number {
  const left = [...a]
  const right = [...b]
  const total = left.length + right.length
  if (total === 0) return 1
  const available = new Map<string, number>()
  for (const c of right) available.set(c, (available.get(c) ?? 0) + 1)
  let matches = 0
  for (const c of left) {
    const count = available.get(c) ?? 0
    if (count > 0) {
      matches++
      available.set(c, count - 1)
    }
  }
  return (2 * matches) / total
}

/**
 * Django 4.2+'s `exceeds_maximum_length_ratio`: a value at most a tenth of the password's length, and shorter than
 * max_similarity/2 of it, cannot reach max_similarity, so the comparison is skipped (it also bounds the work for
 * long passwords).
 */
function exceedsMaximumLengthRatio(password: string, maxSimilarity: number, value: string): boolean {
  const passwordLength = [...password].length
  const valueLength = [...value].length
  return passwordLength >= 10 * valueLength && valueLength < (maxSimilarity / 2) * passwordLength
}

/** One user attribute: the verbose name used in the message, and its value. */
export interface SimilarityAttribute {
  readonly verboseName: string
  readonly value: string
}

/**
 * Django's check: for each attribute, in order, compare the lower-cased password with the lower-cased value and
 * with each of its `\W+`-separated parts; the first part whose quick ratio reaches `maxSimilarity` gives
 * 'The password is too similar to the <verbose name>.'. Empty values are skipped.
 *
 * @example
 * userAttributeSimilarity('testclient', [{ verboseName: 'username', value: 'testclient' }])
 * // 'The password is too similar to the username.'
 */
export function userAttributeSimilarity(
  password: string,
  attributes: readonly SimilarityAttribute[],
  maxSimilarity = 0.7,
): string | undefined {
  const lower = password.toLowerCase()
  for (const { verboseName, value } of attributes) {
    if (value === '') continue
    const valueLower = value.toLowerCase()
    for (const part of [...valueLower.split(NON_WORD), valueLower]) {
      if (exceedsMaximumLengthRatio(lower, maxSimilarity, part)) continue
      if (quickRatio(lower, part) >= maxSimilarity)
        return `The password is too similar to the ${verboseName}.`
    }
  }
  return undefined
}
