import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type TestServer } from './helpers/test-server.ts'

type Json = Record<string, unknown>
interface Operation {
  readonly parameters?: { name: string; in: string; required: boolean }[]
  readonly security: Json[]
  readonly responses: Record<string, { description: string; content?: Record<string, Json> }>
}

/** The operations a cookie may authenticate with an unsafe method: Django's CSRF check applies to each. */
const CSRF_PROTECTED = [
  'post /accounts/auth/logout/',
  'post /accounts/auth/logout_all/',
  'delete /accounts/sessions/{id}/',
  'post /accounts/password/change/',
  // The admin API's unsafe operations (test/http-admin-access.test.ts checks their CSRF refusal).
  'post /accounts/admin/users/',
  'patch /accounts/admin/users/{id}/',
  'delete /accounts/admin/users/{id}/',
  'post /accounts/admin/users/{id}/set_password/',
  'post /accounts/admin/users/{id}/logout_all/',
  'delete /accounts/admin/sessions/{id}/',
  'post /accounts/admin/keys/rotate/',
]

function operations(doc: Json): [string, Operation][] {
  return Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, entry]) =>
    Object.entries(entry).map(([method, op]) => [`${method} ${path}`, op] as [string, Operation]),
  )
}

describe('the OpenAPI document is worth trying', () => {
  let server: TestServer
  let doc: Json
  before(async () => {
    server = await startTestServer({ csrf: { headerName: 'X-XSRF-Token', cookieName: 'xsrf' } })
    doc = (await server.inject('/openapi.json')).json() as Json
  })
  after(() => server.close())

  it('declares the access cookie, the Bearer header and the refresh cookie as security schemes', () => {
    const schemes = (doc.components as { securitySchemes: Record<string, Json> }).securitySchemes
    assert.deepEqual(
      { ...schemes.accessCookie, description: undefined },
      { type: 'apiKey', in: 'cookie', name: 'access_token', description: undefined },
    )
    assert.deepEqual(
      { ...schemes.bearer, description: undefined },
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: undefined },
    )
    assert.equal(schemes.refreshCookie?.name, 'refresh_token')
  })

  it('names what authenticates each operation', () => {
    const ops = Object.fromEntries(operations(doc))
    assert.deepEqual(ops['get /accounts/user/']?.security, [{ accessCookie: [] }, { bearer: [] }])
    assert.deepEqual(ops['post /accounts/auth/refresh_token/']?.security, [{ refreshCookie: [] }])
    assert.deepEqual(ops['post /accounts/auth/login/']?.security, [])
  })

  it('has the configured CSRF header on every unsafe cookie-authenticated operation, and on no other', () => {
    for (const [name, op] of operations(doc)) {
      const header = op.parameters?.find((p) => p.in === 'header')
      if (CSRF_PROTECTED.includes(name)) {
        assert.equal(header?.name, 'X-XSRF-Token', name)
        assert.equal(header?.required, false, `${name}: a Bearer call sends none`)
      } else assert.equal(header, undefined, name)
    }
  })

  it('gives every response a description of its own and an example body', () => {
    for (const [name, op] of operations(doc))
      for (const [status, response] of Object.entries(op.responses)) {
        assert.notEqual(response.description, 'Default Response', `${name} ${status}`)
        assert.ok(response.description.length > 3, `${name} ${status}`)
        if (response.content === undefined) continue
        const media = response.content['application/json'] as Json
        assert.notEqual(media.example, undefined, `${name} ${status} has an example`)
        if (Number(status) >= 400) {
          const example = media.example as { detail: string; code: string }
          assert.equal(typeof example.detail, 'string', `${name} ${status}`)
          assert.equal(typeof example.code, 'string', `${name} ${status}`)
        }
      }
  })

  it('the example of a CSRF refusal is the body the server answers', async () => {
    const op = Object.fromEntries(operations(doc))['post /accounts/auth/logout_all/']
    const media = op?.responses['403']?.content?.['application/json'] as Json | undefined
    const example = media?.example
    const login = await server.inject({
      method: 'POST',
      url: '/accounts/auth/login/',
      payload: { username: 'alice', password: 'correct horse battery staple' },
    })
    const cookies = String(login.headers['set-cookie'])
    const access = /access_token=([^;]+)/.exec(cookies)?.[1] ?? ''
    const xsrf = /xsrf=([^;]+)/.exec(cookies)?.[1] ?? ''
    const refused = await server.inject({
      method: 'POST',
      url: '/accounts/auth/logout_all/',
      headers: { cookie: `access_token=${access}; xsrf=${xsrf}` },
    })
    assert.equal(refused.statusCode, 403)
    assert.deepEqual(refused.json(), example)
  })
})
