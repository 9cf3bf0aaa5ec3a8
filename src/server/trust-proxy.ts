/**
 * Which hops in front of the server are trusted to report the client: none (`false`, the socket peer is the
 * client), a number of proxies, or the proxies' addresses and CIDRs. `true` is read as one proxy: trusting every hop
 * would take the leftmost `X-Forwarded-For` address, which the client itself writes when a proxy appends to it.
 */
export type TrustProxy = boolean | number | readonly string[]

/** Fastify's `trustProxy`: a hop count as a function, since Fastify reads a bare number as "trust nothing". */
export type FastifyTrustProxy = false | string[] | ((address: string, hop: number) => boolean)

/**
 * The setting as Fastify's `trustProxy`. Fastify (through proxy-addr) walks `X-Forwarded-For` from the right, the
 * socket peer first, while each hop is trusted, and takes the first address it does not trust as the client: with
 * `n` proxies that is the address the outermost proxy saw, whatever a client wrote further left (the rightmost
 * untrusted address, as MDN's X-Forwarded-For page recommends). The scheme is the last `X-Forwarded-Proto` entry.
 *
 * @example fastifyTrustProxy(2) // (address, hop) => hop < 2
 */
export function fastifyTrustProxy(setting: TrustProxy | undefined): FastifyTrustProxy {
  if (setting === undefined || setting === false || setting === 0) return false
  if (typeof setting === 'object') return [...setting]
  const hops = setting === true ? 1 : setting
  return (_address, hop) => hop < hops
}
