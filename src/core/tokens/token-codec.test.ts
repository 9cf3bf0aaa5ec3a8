import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { describe, it } from 'node:test'
import { signatureKey } from './keyring.ts'
import { createHs256Codec } from './token-codec.ts'

const KEY = 'a-secret-key-shared-with-a-simplejwt-backend'
const NOW = 1_795_342_263_000
const nowSec = NOW / 1000

function sign(claims: object, header: object = { alg: 'HS256', typ: 'JWT' }, key = KEY): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const input = `${part(header)}.${part(claims)}`
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`
}

const base = {
  token_type: 'access' as const,
  exp: nowSec + 900,
  iat: nowSec,
  jti: 'a'.repeat(32),
  user_id: 2,
}

describe('HS256 token codec', () => {
  const codec = createHs256Codec(KEY, 0)

  it('signs exactly what a SimpleJWT backend signs for the same claims (deterministic HS256)', () => {
    const claims = { ...base, sid: 's'.repeat(32) } as const
    assert.equal(codec.sign(claims), sign(claims))
  })

  it('verifies a SimpleJWT token without sid', () => {
    const check = codec.verify(sign(base), 'access', NOW)
    assert.ok(check.ok)
    assert.equal(check.token.sid, undefined)
    assert.equal(check.token.userId, 2)
  })

  it('refuses expiry at exp exactly (PyJWT: exp <= now is expired), and honours leeway', () => {
    const token = sign({ ...base, exp: nowSec })
    assert.deepEqual(codec.verify(token, 'access', NOW), {
      ok: false,
      problem: 'Token is invalid or expired',
    })
    assert.equal(createHs256Codec(KEY, 1000).verify(token, 'access', NOW).ok, true)
  })

  it('refuses alg none, other algorithms, another key and tampering alike', () => {
    const good = sign(base)
    const [h, , s] = good.split('.')
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...base, user_id: 1 })).toString('base64url')}.${s}`
    for (const token of [
      sign(base, { alg: 'none', typ: 'JWT' }).replace(/\.[^.]*$/, '.'),
      sign(base, { alg: 'NONE', typ: 'JWT' }),
      sign(base, { alg: 'HS512', typ: 'JWT' }),
      sign(base, { alg: 'HS256', typ: 'JWT' }, 'other-key'),
      tampered,
      'garbage',
      `${good}.extra`,
      'a'.repeat(5000),
    ])
      assert.deepEqual(codec.verify(token, 'access', NOW), {
        ok: false,
        problem: 'Token is invalid or expired',
      })
  })

  it('refuses another payload under a signature it has just verified (the verified cache matches whole tokens)', () => {
    const fresh = createHs256Codec(KEY, 0)
    const good = sign({ ...base, user_id: 2 })
    assert.ok(fresh.verify(good, 'access', NOW).ok)
    const [h, , s] = good.split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...base, user_id: 1 })).toString('base64url')}.${s}`
    assert.deepEqual(fresh.verify(forged, 'access', NOW), {
      ok: false,
      problem: 'Token is invalid or expired',
    })
    const again = fresh.verify(good, 'access', NOW)
    assert.ok(again.ok)
    assert.equal(again.token.userId, 2)
  })

  it('verifies each of two tokens whose signatures share a cache key as itself', () => {
    // A birthday search over fresh tokens for two with the same 30-bit key (about 2^15 signatures).
    const fresh = createHs256Codec(KEY, 0)
    const seen = new Map<number, string>()
    let pair: [string, string] | undefined
    for (let i = 0; pair === undefined; i++) {
      const token = sign({ ...base, user_id: i })
      const key = signatureKey(token, token.lastIndexOf('.') + 1)
      const other = seen.get(key)
      if (other === undefined) seen.set(key, token)
      else pair = [other, token]
    }
    const [first, second] = pair
    const userOf = (token: string) => {
      const check = fresh.verify(token, 'access', NOW)
      assert.ok(check.ok)
      return check.token.userId
    }
    const expected = [first, second].map(
      (token) => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).user_id,
    )
    assert.notEqual(expected[0], expected[1])
    assert.deepEqual(
      [userOf(first), userOf(second), userOf(first), userOf(second)],
      [...expected, ...expected],
    )
  })

  it('reports SimpleJWT’s messages in its order: exp, then jti, then type', () => {
    const { exp: _e, ...noExp } = base
    const { jti: _j, ...noJti } = base
    const { token_type: _t, ...noType } = base
    assert.deepEqual(codec.verify(sign(noExp), 'access', NOW), {
      ok: false,
      problem: "Token has no 'exp' claim",
    })
    assert.deepEqual(codec.verify(sign({ ...noJti, token_type: 'refresh' }), 'access', NOW), {
      ok: false,
      problem: 'Token has no id',
    })
    assert.deepEqual(codec.verify(sign(noType), 'access', NOW), { ok: false, problem: 'Token has no type' })
    assert.deepEqual(codec.verify(sign(base), 'refresh', NOW), { ok: false, problem: 'Token has wrong type' })
  })

  it('refuses non-numeric exp and iat in the future', () => {
    assert.equal(codec.verify(sign({ ...base, exp: String(nowSec + 900) }), 'access', NOW).ok, false)
    assert.equal(codec.verify(sign({ ...base, iat: nowSec + 60 }), 'access', NOW).ok, false)
    assert.equal(codec.verify(sign({ ...base, nbf: nowSec + 60 }), 'access', NOW).ok, false)
  })

  it('refuses a payload that is not an object', () => {
    assert.equal(codec.verify(sign([1, 2] as unknown as object), 'access', NOW).ok, false)
  })
})
