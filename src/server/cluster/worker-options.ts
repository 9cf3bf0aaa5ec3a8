import { availableParallelism } from 'node:os'
import type { LatchkeyOptions } from '../../core/options.ts'

/**
 * A worker's share of password hashing. One process hashes at most one less than the CPUs at once, leaving a core
 * to its event loop; N workers each doing so would run N times that (and N libuv pools of 19 MiB hashes) on the
 * same cores, and a login storm would starve every event loop. Split among the workers instead — at least one hash
 * each — unless the options set a concurrency themselves.
 *
 * @example
 * const options = withHashingShare(config.options, config.workers) // 8 CPUs, 4 workers: 1 hash at a time each
 */
export function withHashingShare(
  options: LatchkeyOptions,
  workers: number,
  cpus: number = availableParallelism(),
): LatchkeyOptions {
  if (options.passwordHashing?.concurrency !== undefined) return options
  const concurrency = Math.max(1, Math.floor((cpus - 1) / workers))
  return { ...options, passwordHashing: { ...options.passwordHashing, concurrency } }
}
