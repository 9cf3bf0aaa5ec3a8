import type { BrowserContext, Page } from 'playwright-core'
import type * as Client from '../../../src/client/index.ts'
import { BLANK_PAGE } from './browser-server.ts'

/** What a test page keeps on `globalThis.latchkey`. */
export interface PageGlobals {
  readonly latchkey: { readonly auth: Client.AuthClient; readonly ended: Client.SessionEndEvent[] }
}

/** A client call's result, serialisable across the page boundary (an Error would lose its code). */
export type Outcome<T = unknown> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly status: number; readonly detail: string }

export type ClientMethod =
  | 'login'
  | 'logout'
  | 'logoutAll'
  | 'me'
  | 'sessions'
  | 'revokeSession'
  | 'changePassword'

/**
 * A tab on `origin` (the API's, or a frontend's) running `latchkey/client` as an app would: imported as an ES
 * module from the server's `/client.js`, with `onSessionEnd` events collected for the test to read.
 */
export async function openClientPage(
  context: BrowserContext,
  input: { apiUrl: string; pageUrl?: string; mode?: Client.AuthMode; webLocks?: boolean },
): Promise<Page> {
  const page = await context.newPage()
  await page.goto(input.pageUrl ?? `${input.apiUrl}${BLANK_PAGE}`)
  await page.evaluate(
    async ({ apiUrl, mode, webLocks }) => {
      const lib = (await import(`${apiUrl}/client.js`)) as typeof Client
      const ended: Client.SessionEndEvent[] = []
      const auth = lib.createAuthClient({
        baseUrl: apiUrl,
        mode,
        onSessionEnd: (event) => ended.push(event),
        ...(webLocks ? {} : { locks: null }),
      })
      Object.assign(globalThis, { latchkey: { auth, ended } })
    },
    { apiUrl: input.apiUrl, mode: input.mode ?? 'cookie', webLocks: input.webLocks ?? true },
  )
  return page
}

/** Calls a method of the page's client and reports its result or its typed error. */
export function clientCall<T = unknown>(
  page: Page,
  method: ClientMethod,
  ...args: string[]
): Promise<Outcome<T>> {
  return page.evaluate(
    async ({ method, args }) => {
      const auth = (globalThis as unknown as PageGlobals).latchkey.auth as unknown as Record<
        string,
        (...a: string[]) => Promise<unknown>
      >
      try {
        return { ok: true as const, value: (await auth[method]?.(...args)) as T }
      } catch (error) {
        const e = error as { code?: string; status?: number; detail?: string }
        return {
          ok: false as const,
          code: String(e.code),
          status: Number(e.status),
          detail: String(e.detail ?? error),
        }
      }
    },
    { method, args },
  )
}

/** The page's `onSessionEnd` events so far. */
export function sessionEnds(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).latchkey.ended.map((e) => e.reason))
}
