/**
 * The in-process set of revoked session ids that access tokens are checked against on every request, so
 * revocation costs a Map lookup and never a database read. An entry lives until the longest-lived access token of
 * that session would have expired anyway; after that the token's own `exp` refuses it.
 */
export class RevokedSessions {
  readonly #until = new Map<string, number>()
  #nextPrune = 0

  /** Marks `sessionId` revoked until `untilMs`. */
  add(sessionId: string, untilMs: number): void {
    const known = this.#until.get(sessionId)
    if (known === undefined || known < untilMs) this.#until.set(sessionId, untilMs)
  }

  has(sessionId: string, nowMs: number): boolean {
    if (nowMs >= this.#nextPrune) this.#prune(nowMs)
    const until = this.#until.get(sessionId)
    return until !== undefined && until > nowMs
  }

  get size(): number {
    return this.#until.size
  }

  #prune(nowMs: number): void {
    for (const [id, until] of this.#until) if (until <= nowMs) this.#until.delete(id)
    this.#nextPrune = nowMs + 60_000
  }
}
