import type { AuthResult, SetCookie } from '../http.ts'
import type { User } from '../users/user.ts'

/** The body of `GET /accounts/user/`, in the reference serializer's field order. */
export function userBody(user: User): {
  id: number
  username: string
  first_name: string
  last_name: string
} {
  return { id: user.id, username: user.username, first_name: user.firstName, last_name: user.lastName }
}

/**
 * The answer of `GET /accounts/user/` for a user, made once per version of the user: the user cache hands out the
 * same object until it reads the user again (a user is never changed in place: its fields are read-only), so the
 * endpoint builds and serialises each version once instead of on every request. The answer is frozen: shared.
 *
 * @example
 * currentUserResult(user).bodyText // '{"id":1,"username":"alice","first_name":"","last_name":""}'
 */
export function currentUserResult(user: User): AuthResult {
  let result = RESULTS.get(user)
  if (result === undefined) {
    const body = Object.freeze(userBody(user))
    result = Object.freeze({ status: 200, body, bodyText: JSON.stringify(body), cookies: NO_COOKIES })
    RESULTS.set(user, result)
  }
  return result
}

const NO_COOKIES: readonly SetCookie[] = Object.freeze([])
const RESULTS = new WeakMap<User, AuthResult>()
