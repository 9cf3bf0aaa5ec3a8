import { parseArgs } from 'node:util'
import { cryptoRandom } from '../core/random.ts'
import { SECRET_KEY_KID, SIGNING_ALGORITHMS, type SigningAlgorithm } from '../core/tokens/key-store.ts'
import { rotateSigningKey } from '../core/tokens/rotate-signing-key.ts'
import type { CliContext } from './cli-context.ts'

export const keysHelp = `Usage: latchkey keys rotate [--algorithm HS256|EdDSA|ES256]
       latchkey keys list

rotate  adds a new signing key (HS256 by default). It verifies at once and starts signing after
        keyActivationDelay (30s), once every instance has loaded it; the keys it replaces keep verifying until
        the longest-lived token they signed has expired (the refresh lifetime), so no one is logged out.
list    shows every key, its algorithm and its dates. Private keys never leave the database, where they are
        encrypted with LATCHKEY_SECRET_KEY.`

function when(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString()
}

export async function keys(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv
  if (action === 'list') {
    const now = Date.now()
    ctx.out('kid               algorithm  activates                 retires                   state')
    for (const key of await ctx.stores.keys.list()) {
      const state =
        key.retiresAt !== null && key.retiresAt <= now
          ? 'retired'
          : key.activatesAt > now
            ? 'verify-only'
            : 'in service'
      const kid = key.kid === SECRET_KEY_KID ? '(secret key)' : key.kid
      ctx.out(
        `${kid.padEnd(17)} ${key.algorithm.padEnd(10)} ${when(key.activatesAt).padEnd(25)} ${when(key.retiresAt).padEnd(25)} ${state}`,
      )
    }
    return 0
  }
  if (action !== 'rotate') {
    ctx.err(`keys: expected 'rotate' or 'list'\n\n${keysHelp}`)
    return 2
  }
  const { values } = parseArgs({
    args: [...rest],
    options: { algorithm: { type: 'string', default: 'HS256' } },
  })
  const algorithm = values.algorithm as SigningAlgorithm
  if (!SIGNING_ALGORITHMS.includes(algorithm)) {
    ctx.err(`keys rotate: --algorithm must be one of ${SIGNING_ALGORITHMS.join(', ')}`)
    return 2
  }
  const plan = await rotateSigningKey(ctx.stores.keys, ctx.settings, cryptoRandom, algorithm, Date.now())
  ctx.out(`Added ${algorithm} key ${plan.key.kid}: signs from ${when(plan.key.activatesAt)}.`)
  ctx.out(`The keys it replaces verify until ${when(plan.previousRetireAt)}.`)
  return 0
}
