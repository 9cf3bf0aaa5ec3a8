import { createSigner, createVerifier } from 'fast-jwt'
import type { TokenCheck, TokenClaims, TokenType } from './claims.ts'

/** Signs and verifies Latchkey's JWTs. */
export interface TokenCodec {
  sign(claims: TokenClaims): string
  /** Checks signature, algorithm, time and shape, in SimpleJWT's order. Never throws. */
  verify(token: string, expected: TokenType, nowMs: number): TokenCheck
}

const INVALID: TokenCheck = { ok: false, problem: 'Token is invalid or expired' }
/** Far larger than any token we issue; refuses to spend verification time on junk (checklist S14). */
const MAX_TOKEN_LENGTH = 4096

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/**
 * HS256 with the secret key, the reference's only algorithm. `alg` is pinned: `none`, other HMAC widths and
 * asymmetric algorithms are refused before the signature is looked at (checklist S1–S3). fast-jwt checks the
 * signature (with its cache of verified tokens); time is checked here against the injected clock, because
 * fast-jwt's clock is fixed at creation.
 */
export function createHs256Codec(secretKey: string, leewayMs: number): TokenCodec {
  const signer = createSigner({ key: secretKey, algorithm: 'HS256' })
  const verifier = createVerifier({
    key: secretKey,
    algorithms: ['HS256'],
    ignoreExpiration: true,
    ignoreNotBefore: true,
    cache: 10_000,
  })
  const leeway = leewayMs / 1000
  return {
    sign: (claims) => signer({ ...claims }),
    verify(token, expected, nowMs) {
      if (token.length > MAX_TOKEN_LENGTH) return INVALID
      let payload: unknown
      try {
        payload = verifier(token)
      } catch {
        return INVALID
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return INVALID
      const claims = payload as Record<string, unknown>
      const now = nowMs / 1000
      // PyJWT: exp/iat/nbf must be numbers; expired when exp <= now - leeway; immature when iat/nbf > now + leeway.
      if (claims.exp !== undefined && (!isNumericDate(claims.exp) || claims.exp <= now - leeway))
        return INVALID
      if (claims.iat !== undefined && (!isNumericDate(claims.iat) || claims.iat > now + leeway))
        return INVALID
      if (claims.nbf !== undefined && (!isNumericDate(claims.nbf) || claims.nbf > now + leeway))
        return INVALID
      // SimpleJWT's Token.verify(): exp present, then jti, then token_type.
      if (claims.exp === undefined) return { ok: false, problem: "Token has no 'exp' claim" }
      if (claims.jti === undefined) return { ok: false, problem: 'Token has no id' }
      if (typeof claims.jti !== 'string' || claims.jti === '') return INVALID
      if (claims.token_type === undefined) return { ok: false, problem: 'Token has no type' }
      if (claims.token_type !== expected) return { ok: false, problem: 'Token has wrong type' }
      if (claims.sid !== undefined && typeof claims.sid !== 'string') return INVALID
      return {
        ok: true,
        token: {
          type: expected,
          exp: claims.exp as number,
          iat: claims.iat as number | undefined,
          jti: claims.jti,
          userId: claims.user_id,
          sid: claims.sid as string | undefined,
        },
      }
    },
  }
}
