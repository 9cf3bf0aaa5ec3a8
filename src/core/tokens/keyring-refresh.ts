import type { AuthContext } from '../context.ts'

/** Reloads the keyring from the store every `intervalMs`, so rotations made anywhere reach this instance. */
export function startKeyringRefresh(ctx: AuthContext, intervalMs: number): () => void {
  const timer = setInterval(() => {
    ctx.keys.list().then(
      (keys) => ctx.keyring.load(keys),
      (error: unknown) =>
        ctx.logger.warn({ event: 'keyring_reload_failed', error: String(error) }, 'keyring_reload_failed'),
    )
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
