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
 * `userBody` as JSON text, kept with the user object it was made from: the user cache hands out the same object
 * until it reads the user again (a user is never changed in place: its fields are read-only), so the user
 * endpoint serialises each version of a user once instead of on every request.
 *
 * @example
 * userBodyText(user) // '{"id":1,"username":"alice","first_name":"","last_name":""}'
 */
export function userBodyText(user: User): string {
  let text = BODY_TEXT.get(user)
  if (text === undefined) {
    text = JSON.stringify(userBody(user))
    BODY_TEXT.set(user, text)
  }
  return text
}

const BODY_TEXT = new WeakMap<User, string>()
