import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); `LATCHKEY_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium'

/** No sandbox (CI runs as root in a container), and nothing that phones home or updates itself mid-test. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The `skip` option for a browser suite. Without Chromium a developer's run skips it with a message, but CI
 * (`CI=true`) runs it anyway so that every test fails loudly: a CI without a browser must not pass as green.
 */
export function skipWithoutChromium(): string | false {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return false
  return `Chromium not found at ${CHROMIUM_PATH}: install it with .ci/browser-deps.sh (apt-get install chromium)`
}

export interface Browser {
  readonly context: BrowserContext
  close(): Promise<void>
}

/**
 * A headless Chromium on a fresh profile directory, removed again on close. `extraArgs` adds switches, such as
 * `--host-resolver-rules` to give loopback servers real-looking host names.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run .ci/browser-deps.sh (apt-get install chromium)`,
    )
  const profile = mkdtempSync(join(tmpdir(), 'latchkey-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...ARGS, ...extraArgs],
    viewport: { width: 1100, height: 900 },
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
