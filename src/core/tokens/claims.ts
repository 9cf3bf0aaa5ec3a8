export type TokenType = 'access' | 'refresh'

/**
 * The claims Latchkey signs, in SimpleJWT's key order (`token_type, exp, iat, jti, user_id`) so a SimpleJWT backend
 * sharing the key reads them unchanged; `sid` names the session family and is ignored by SimpleJWT.
 */
export interface TokenClaims {
  readonly token_type: TokenType
  /** Seconds since the epoch. */
  readonly exp: number
  readonly iat: number
  /** 32 lowercase hex characters. */
  readonly jti: string
  readonly user_id: number
  readonly sid: string
}

/** A token that passed signature, time and shape checks. `sid` is absent on tokens SimpleJWT minted. */
export interface VerifiedToken {
  readonly type: TokenType
  readonly exp: number
  readonly iat: number | undefined
  readonly jti: string
  /** The raw `user_id` claim; the flows decide whether it names a user. */
  readonly userId: unknown
  readonly sid: string | undefined
}

/** SimpleJWT's TokenError messages, verbatim: clients match on them. */
export type TokenProblem =
  | 'Token is invalid or expired'
  | 'Token has no id'
  | 'Token has no type'
  | 'Token has wrong type'
  | "Token has no 'exp' claim"

export type TokenCheck =
  | { readonly ok: true; readonly token: VerifiedToken }
  | { readonly ok: false; readonly problem: TokenProblem }
