const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Parses a duration such as `15m`, `30d`, `10s`, `0s` or `250ms` into milliseconds.
 * Returns undefined for anything else, so callers can say which setting was wrong.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})(ms|s|m|h|d)$/.exec(text.trim())
  if (!match) return undefined
  const unit = UNIT_MS[match[2] as string] as number
  return Number(match[1]) * unit
}
