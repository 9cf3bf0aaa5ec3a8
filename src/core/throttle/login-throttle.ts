import { AuthError } from '../errors.ts'
import type { LimitRule, Settings } from '../options.ts'
import type { AttemptCounter } from './attempt-counter.ts'

/**
 * Per username and client IP (one client guessing one password), per username from anywhere (ASVS 2.2.1's ceiling
 * of 100 failures an hour for one account), per client IP over every username (stuffing and spraying).
 */
export type ThrottleRules = Settings['loginLimits']
type ThrottleRule = LimitRule

function keys(username: string, ip: string): { userAndIp: string; user: string; ip: string } {
  // Keyed on the name exactly as the user lookup reads it (the caller NFKC-normalises both): `Alice` and `alice`
  // may be two users (Django allowed both before its case-insensitive check on create), and one's failures must
  // never lock the other out. Changing the case reaches a different account, or none, so it sidesteps nothing.
  return { userAndIp: `u+ip:${username}:${ip}`, user: `u:${username}`, ip: `ip:${ip}` }
}

/**
 * Brute-force limits on password checks. Checked before the password is looked at, so a throttled client is
 * refused even with the right password; unknown usernames count like known ones, so the limiter reveals nothing.
 */
export class LoginThrottle {
  readonly #counter: AttemptCounter
  readonly #rules: ThrottleRules

  constructor(counter: AttemptCounter, rules: ThrottleRules) {
    this.#counter = counter
    this.#rules = rules
  }

  /** Throws 429 `throttled` with Retry-After when any limit is already reached. */
  async check(username: string, ip: string, now: number): Promise<void> {
    const k = keys(username, ip)
    const counts = await Promise.all([
      this.#counter.peek(k.userAndIp, now),
      this.#counter.peek(k.user, now),
      this.#counter.peek(k.ip, now),
    ])
    const limits = [this.#rules.userAndIp, this.#rules.user, this.#rules.ip]
    let retryAt = 0
    counts.forEach((count, i) => {
      if (count.count >= (limits[i] as ThrottleRule).failures) retryAt = Math.max(retryAt, count.resetAt)
    })
    if (retryAt === 0) return
    const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000))
    // DRF's Throttled wording.
    throw new AuthError('throttled', `Request was throttled. Expected available in ${seconds} seconds.`, {
      headers: { 'retry-after': String(seconds) },
    })
  }

  async recordFailure(username: string, ip: string, now: number): Promise<void> {
    const k = keys(username, ip)
    await Promise.all([
      this.#counter.hit(k.userAndIp, this.#rules.userAndIp.windowMs, now),
      this.#counter.hit(k.user, this.#rules.user.windowMs, now),
      this.#counter.hit(k.ip, this.#rules.ip.windowMs, now),
    ])
  }

  /** A success clears the username+IP counter only: the account and IP ceilings keep counting. */
  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.#counter.reset(keys(username, ip).userAndIp)
  }
}
