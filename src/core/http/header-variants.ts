type HeaderSet = Readonly<Record<string, string | string[]>>

/**
 * Variants of shared header sets, each made once. The core hands the same frozen set to every answer of an endpoint
 * that adds nothing of its own, so a variant of it (with `Allow` and the content type, with a `Content-Length`) can
 * be made once and shared too: the usual answer then copies no header object. A set that is not frozen was built for
 * one request (CORS headers, say): its variant is made for that request and never remembered.
 *
 * @example
 * const withAllow = new HeaderVariants<string>()
 * const headers = withAllow.of(shared, 'GET, HEAD, OPTIONS', (set, allow) => ({ ...set, allow }))
 */
export class HeaderVariants<K> {
  readonly #bySet = new WeakMap<HeaderSet, Map<K, HeaderSet>>()
  readonly #perSet: number

  /** `perSet`: at most this many variants of one set are kept (the oldest batch is dropped when it is reached). */
  constructor(perSet = Number.POSITIVE_INFINITY) {
    this.#perSet = perSet
  }

  /** The variant of `set` for `key`, made by `make` the first time (pass a function made once, not per call). */
  of<S extends HeaderSet>(set: S, key: K, make: (set: S, key: K) => S): S {
    let byKey = this.#bySet.get(set)
    const known = byKey?.get(key)
    if (known !== undefined) return known as S
    const made = make(set, key)
    if (!Object.isFrozen(set)) return made
    if (byKey === undefined) {
      byKey = new Map()
      this.#bySet.set(set, byKey)
    } else if (byKey.size >= this.#perSet) byKey.clear()
    byKey.set(key, Object.freeze(made))
    return made
  }
}
