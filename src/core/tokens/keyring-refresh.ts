import type { AuthContext } from '../context.ts'

/** Reads the signing keys from the store into the keyring; a failure is logged and the keys in hand stay. */
export async function reloadKeyring(ctx: AuthContext): Promise<void> {
  try {
    ctx.keyring.load(await ctx.keys.list())
  } catch (error) {
    ctx.logger.warn({ event: 'keyring_reload_failed', error: String(error) }, 'keyring_reload_failed')
  }
}

/** Reloads the keyring every `intervalMs`, so rotations made anywhere reach this instance. */
export function startKeyringRefresh(ctx: AuthContext, intervalMs: number): () => void {
  const timer = setInterval(() => void reloadKeyring(ctx), intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
