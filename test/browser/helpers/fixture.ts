import { after, before } from 'node:test'
import { type BrowserTestServer, startBrowserServer } from './browser-server.ts'
import { type Browser, launchChromium } from './chromium.ts'

export interface BrowserFixture {
  readonly server: BrowserTestServer
  readonly browser: Browser
}

/**
 * Registers, in the calling `describe`, a real Latchkey server and a Chromium for its tests, and closes both after.
 * The returned object's members are valid once `before` has run.
 */
export function useBrowserFixture(env: Record<string, string> = {}): BrowserFixture {
  let server: BrowserTestServer | undefined
  let browser: Browser | undefined
  before(async () => {
    server = await startBrowserServer(env)
    browser = await launchChromium()
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })
  return {
    get server() {
      if (server === undefined) throw new Error('the browser fixture is not started yet')
      return server
    },
    get browser() {
      if (browser === undefined) throw new Error('the browser fixture is not started yet')
      return browser
    },
  }
}
