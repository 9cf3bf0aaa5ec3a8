import { parseArgs } from 'node:util'
import { resolveOptions } from '../core/options.ts'
import { configFromEnv, loadEnv } from '../server/env.ts'
import { probe } from './doctor-probe.ts'
import { diagnose, type FrontendReport } from './doctor-report.ts'

export const doctorHelp = `Usage: latchkey doctor --frontend <origin> [--frontend <origin> …] [--api <public URL>] [--probe]

Explains whether a browser on each frontend origin can log in, from the same environment as serve: the site
relation (same-origin, same-site, cross-site), which cookies the browser will store and with which attributes,
CSRF trusted origins, CORS, Secure against the scheme, the cookie domain against the host, LATCHKEY_ALLOWED_HOSTS
and the proxy settings. Each problem names the variable to change and a value that would work.

  --frontend   the origin the app's pages are served from, e.g. http://localhost:5173 (repeatable)
  --api        the API's public URL as browsers reach it (default: http://LATCHKEY_HOST:LATCHKEY_PORT)
  --probe      also send a browser's requests to the running server at --api and show the headers it answered

Exit status 0 when every frontend can log in, 1 when a browser would fail, 2 on bad configuration or usage.`

interface Output {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

function defaultApi(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `http://${name}:${port}`
}

function print(report: FrontendReport, api: string, out: (line: string) => void): void {
  out(`Frontend ${report.frontend}: ${report.relation} to ${api}`)
  out('  cookies the browser gets at login:')
  for (const cookie of report.cookies)
    out(`    ${cookie.stored ? 'stored ' : 'DROPPED'} ${cookie.name.padEnd(14)} ${cookie.attributes}`)
  for (const note of report.notes) out(`  note: ${note}`)
  for (const problem of report.problems) {
    out(`  problem: ${problem.why}`)
    out(
      `    fix: ${problem.variable}=${problem.value}${problem.also === undefined ? '' : ` ${problem.also}`}`,
    )
  }
  out(
    report.problems.length === 0
      ? `  verdict: a browser on ${report.frontend} can log in`
      : `  verdict: a browser on ${report.frontend} cannot log in`,
  )
}

export async function doctor(
  env: NodeJS.ProcessEnv,
  cwd: string,
  argv: readonly string[],
  io: Output,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      frontend: { type: 'string', multiple: true },
      api: { type: 'string' },
      probe: { type: 'boolean', default: false },
    },
  })
  const frontends = values.frontend ?? []
  if (frontends.length === 0) {
    io.err('doctor: give at least one --frontend <origin>, e.g. --frontend http://localhost:5173')
    return 2
  }
  const config = configFromEnv(loadEnv(env, cwd), cwd)
  const settings = resolveOptions(config.options)
  const api = values.api ?? defaultApi(config.host, config.port)
  for (const origin of [...frontends, api]) {
    if (!/^https?:\/\/[^/\s]+\/?$/.test(origin) || !URL.canParse(origin)) {
      io.err(`doctor: '${origin}' is not an origin such as http://localhost:5173`)
      return 2
    }
  }
  const apiOrigin = new URL(api).origin
  io.out(
    `Latchkey doctor: API ${apiOrigin}${values.api === undefined ? ' (from LATCHKEY_HOST and LATCHKEY_PORT; --api sets the public URL)' : ''}`,
  )
  io.out(`  CSRF trusted origins: ${settings.csrf.trustedOrigins.join(', ') || '(none)'}`)
  io.out(`  CORS allowed origins: ${settings.cors.allowedOrigins.join(', ') || '(none)'}`)
  io.out(
    `  allowed hosts: ${settings.allowedHosts.join(', ') || '(any)'}; trusted proxies: ${config.trustProxy === false ? '(none)' : String(config.trustProxy)}`,
  )
  let failing = false
  for (const frontend of frontends) {
    const report = diagnose(
      { settings, api: apiOrigin, trustProxy: config.trustProxy },
      new URL(frontend).origin,
    )
    io.out('')
    print(report, apiOrigin, io.out)
    if (report.problems.length > 0) failing = true
    if (values.probe) {
      try {
        const result = await probe(report.frontend, apiOrigin)
        io.out(`  probe of ${apiOrigin} as a browser on ${report.frontend}:`)
        for (const s of result.steps) {
          io.out(`    ${s.request} → ${s.status}${s.code === undefined ? '' : ` ${s.code}`}`)
          for (const header of s.headers) io.out(`      ${header}`)
        }
        for (const failure of result.failures) io.out(`  probe problem: ${failure}`)
        if (result.failures.length > 0) failing = true
      } catch (error) {
        io.out(
          `  probe problem: ${apiOrigin} could not be reached (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`,
        )
        failing = true
      }
    }
  }
  return failing ? 1 : 0
}
