import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { diagnose } from '../src/cli/doctor-report.ts'
import { type LatchkeyOptions, resolveOptions } from '../src/core/options.ts'
import { runCli } from './helpers/spawn-server.ts'
import { startTestServer, type TestServer } from './helpers/test-server.ts'

function report(
  options: LatchkeyOptions,
  api: string,
  frontend: string,
  trustProxy: boolean | string[] = false,
) {
  const settings = resolveOptions({ secretKey: 'k', ...options })
  return diagnose({ settings, api, trustProxy }, frontend)
}

const variables = (r: ReturnType<typeof report>) => r.problems.map((p) => p.variable)

describe('latchkey doctor: can a browser on this frontend log in?', () => {
  it('same-origin: yes, with nothing to configure', () => {
    const r = report({}, 'http://localhost:8000', 'http://localhost:8000')
    assert.equal(r.relation, 'same-origin')
    assert.deepEqual(r.problems, [])
    assert.ok(r.cookies.every((c) => c.stored))
  })

  it('same-site subdomain over https behind a trusted proxy, both lists holding the app: yes', () => {
    const app = 'https://app.example.com'
    const r = report(
      {
        cookies: { secure: true },
        csrf: { cookieSecure: true, trustedOrigins: [app] },
        cors: { allowedOrigins: [app] },
        allowedHosts: ['api.example.com'],
      },
      'https://api.example.com',
      app,
      ['10.0.0.0/8'],
    )
    assert.equal(r.relation, 'same-site')
    assert.deepEqual(r.problems, [])
  })

  it('a missing CORS origin: no, add it to LATCHKEY_CORS_ALLOWED_ORIGINS (keeping the others)', () => {
    const r = report(
      {
        csrf: { trustedOrigins: ['http://localhost:5173'] },
        cors: { allowedOrigins: ['http://localhost:3000'] },
      },
      'http://localhost:8000',
      'http://localhost:5173',
    )
    assert.deepEqual(variables(r), ['LATCHKEY_CORS_ALLOWED_ORIGINS'])
    assert.equal(r.problems[0]?.value, 'http://localhost:3000,http://localhost:5173')
  })

  it('cross-site with SameSite=Lax cookies: no, every cookie is dropped; SameSite=None with Secure fixes it', () => {
    const app = 'https://app.other.com'
    const lists = { trustedOrigins: [app] }
    const proxy = ['10.0.0.0/8']
    const lax = report(
      { cookies: { secure: true }, csrf: { cookieSecure: true, ...lists }, cors: { allowedOrigins: [app] } },
      'https://api.example.com',
      app,
      proxy,
    )
    assert.equal(lax.relation, 'cross-site')
    assert.ok(lax.cookies.every((c) => !c.stored))
    assert.deepEqual(variables(lax), ['LATCHKEY_COOKIE_SAMESITE'])
    assert.equal(lax.problems[0]?.value, 'None')
    const none = report(
      {
        cookies: { secure: true, sameSite: 'None' },
        csrf: { cookieSecure: true, cookieSameSite: 'None', ...lists },
        cors: { allowedOrigins: [app] },
      },
      'https://api.example.com',
      app,
      proxy,
    )
    assert.deepEqual(none.problems, [])
    assert.ok(none.notes.some((n) => /third-party cookies/.test(n)))
  })

  it('localhost against 127.0.0.1: cross-site; the fix names the same-site API URL', () => {
    const app = 'http://localhost:5173'
    const r = report(
      { csrf: { trustedOrigins: [app] }, cors: { allowedOrigins: [app] } },
      'http://127.0.0.1:8000',
      app,
    )
    assert.equal(r.relation, 'cross-site')
    assert.deepEqual(variables(r), ['LATCHKEY_COOKIE_SAMESITE'])
    assert.match(r.problems[0]?.also ?? '', /call the API as http:\/\/localhost:8000/)
  })

  it('Secure cookies over plain http on a host that is not loopback: no, LATCHKEY_COOKIE_SECURE=false', () => {
    const secure = { cookies: { secure: true }, csrf: { cookieSecure: true } }
    const r = report(secure, 'http://api.dev.test:8000', 'http://api.dev.test:8000')
    assert.deepEqual(variables(r), ['LATCHKEY_COOKIE_SECURE', 'LATCHKEY_CSRF_COOKIE_SECURE'])
    assert.equal(r.problems[0]?.value, 'false')
    assert.deepEqual(
      report(secure, 'http://localhost:8000', 'http://localhost:8000').problems,
      [],
      'loopback keeps Secure cookies',
    )
  })

  it('checks the host against LATCHKEY_ALLOWED_HOSTS, the cookie domain against the host, and the proxy for https', () => {
    const r = report(
      { allowedHosts: ['other.example.com'], cookies: { domain: 'example.org' } },
      'https://api.example.com',
      'https://api.example.com',
    )
    assert.deepEqual(variables(r).sort(), [
      'LATCHKEY_ALLOWED_HOSTS',
      'LATCHKEY_COOKIE_DOMAIN',
      'LATCHKEY_TRUST_PROXY',
    ])
    assert.equal(
      r.problems.find((p) => p.variable === 'LATCHKEY_ALLOWED_HOSTS')?.value,
      'other.example.com,api.example.com',
    )
    assert.equal(r.problems.find((p) => p.variable === 'LATCHKEY_COOKIE_DOMAIN')?.value, 'example.com')
  })
})

describe('latchkey doctor on the command line', () => {
  let server: TestServer
  let api: string
  before(async () => {
    server = await startTestServer()
    api = (await server.app.listen({ host: '127.0.0.1', port: 0 })).replace('127.0.0.1', 'localhost')
  })
  after(() => server.close())

  const env = (extra: Record<string, string> = {}) => ({ LATCHKEY_SECRET_KEY: 's', ...extra })

  it('exits 0 when the browser can log in, 1 when it cannot, 2 without a frontend', async () => {
    const ok = await runCli(
      ['doctor', '--frontend', 'http://localhost:8000'],
      env({ LATCHKEY_HOST: 'localhost' }),
    )
    assert.equal(ok.code, 0, ok.stdout + ok.stderr)
    assert.match(ok.stdout, /verdict: a browser on http:\/\/localhost:8000 can log in/)
    const bad = await runCli(['doctor', '--frontend', 'http://localhost:5173'], env())
    assert.equal(bad.code, 1)
    assert.match(bad.stdout, /cross-site to http:\/\/127\.0\.0\.1:8000/)
    assert.match(bad.stdout, /fix: LATCHKEY_COOKIE_SAMESITE=None/)
    assert.match(bad.stdout, /fix: LATCHKEY_CORS_ALLOWED_ORIGINS=http:\/\/localhost:5173/)
    assert.equal((await runCli(['doctor'], env())).code, 2)
  })

  it('--probe reports the headers a running server actually answered', async () => {
    // The test server lists http://localhost:3000 for CORS and CSRF.
    const listed = await runCli(
      ['doctor', '--frontend', 'http://localhost:3000', '--api', api, '--probe'],
      env({
        LATCHKEY_CORS_ALLOWED_ORIGINS: 'http://localhost:3000',
        LATCHKEY_CSRF_TRUSTED_ORIGINS: 'http://localhost:3000',
      }),
    )
    assert.equal(listed.code, 0, listed.stdout)
    assert.match(
      listed.stdout,
      /OPTIONS \/accounts\/auth\/login\/ → 200\n\s+access-control-allow-origin: http:\/\/localhost:3000/,
    )
    assert.match(listed.stdout, /set-cookie: csrftoken=…; Max-Age=31449600; Path=\/; SameSite=Lax/)
    assert.match(listed.stdout, /POST \/accounts\/auth\/login\/ → 400 invalid/)

    // Against 127.0.0.1 the same frontend is cross-site: the server itself refuses the login and says why.
    const cross = await runCli(
      [
        'doctor',
        '--frontend',
        'http://localhost:3000',
        '--api',
        api.replace('localhost', '127.0.0.1'),
        '--probe',
      ],
      env(),
    )
    assert.equal(cross.code, 1)
    assert.match(cross.stdout, /POST \/accounts\/auth\/login\/ → 400 cookies_will_be_rejected/)
    assert.match(cross.stdout, /probe problem: the login was refused before the credentials/)
  })
})
