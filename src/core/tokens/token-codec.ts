import type { TokenCheck, TokenClaims, TokenType } from './claims.ts'
import { Keyring } from './keyring.ts'

/** Signs and verifies Latchkey's JWTs. */
export interface TokenCodec {
  sign(claims: TokenClaims): string
  /** Checks key, algorithm, signature, time and shape, in SimpleJWT's order. Never throws. */
  verify(token: string, expected: TokenType, nowMs: number): TokenCheck
}

const INVALID: TokenCheck = { ok: false, problem: 'Token is invalid or expired' }
/** Far larger than any token we issue; refuses to spend verification time on junk (OWASP ASVS 5.0 15.2.2). */
const MAX_TOKEN_LENGTH = 4096
/** `{"alg":"HS256","typ":"JWT"}`: the header of every kid-less token, recognised without parsing it. */
const DEFAULT_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** The `kid` of a token's header, undefined when it has none, or null when the header is not readable. */
function headerKid(token: string): string | undefined | null {
  const dot = token.indexOf('.')
  if (dot <= 0) return null
  const segment = token.slice(0, dot)
  if (segment === DEFAULT_HEADER) return undefined
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    if (typeof header !== 'object' || header === null) return null
    const kid = (header as { kid?: unknown }).kid
    if (kid === undefined) return undefined
    return typeof kid === 'string' && kid.length <= 64 ? kid : null
  } catch {
    return null
  }
}

/** SimpleJWT's checks on a verified payload: time (PyJWT's rules, with leeway), then exp, jti, token_type. */
function checkClaims(payload: unknown, expected: TokenType, nowMs: number, leeway: number): TokenCheck {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return INVALID
  const claims = payload as Record<string, unknown>
  const now = nowMs / 1000
  if (claims.exp !== undefined && (!isNumericDate(claims.exp) || claims.exp <= now - leeway)) return INVALID
  if (claims.iat !== undefined && (!isNumericDate(claims.iat) || claims.iat > now + leeway)) return INVALID
  if (claims.nbf !== undefined && (!isNumericDate(claims.nbf) || claims.nbf > now + leeway)) return INVALID
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
}

/**
 * Tokens over a keyring. A token's `kid` picks the key and the key fixes the algorithm: `alg: none`, other HMAC
 * widths and algorithm confusion are refused before any signature is checked (RFC 8725 §2.1, §3.1, §3.2). fast-jwt
 * checks signatures; time is checked here against the injected clock, because fast-jwt's clock is fixed at
 * creation.
 * `onUnknownKid` lets the owner reload the keyring when a sibling instance has started signing with a newer key.
 */
export function createTokenCodec(
  keyring: Keyring,
  leewayMs: number,
  onUnknownKid: (kid: string) => void = () => {},
): TokenCodec {
  const leeway = leewayMs / 1000
  return {
    sign: (claims) => keyring.signer(claims.iat * 1000).sign({ ...claims }),
    verify(token, expected, nowMs) {
      if (token.length > MAX_TOKEN_LENGTH) return INVALID
      const kid = headerKid(token)
      if (kid === null) return INVALID
      const key = keyring.verifier(kid, nowMs)
      if (key === undefined) {
        if (kid !== undefined && !keyring.knows(kid)) onUnknownKid(kid)
        return INVALID
      }
      let payload: unknown
      try {
        payload = key.verify(token)
      } catch {
        return INVALID
      }
      return checkClaims(payload, expected, nowMs, leeway)
    },
  }
}

/** HS256 with the secret key alone: the reference's only algorithm. */
export function createHs256Codec(secretKey: string, leewayMs: number): TokenCodec {
  return createTokenCodec(new Keyring(secretKey), leewayMs)
}
