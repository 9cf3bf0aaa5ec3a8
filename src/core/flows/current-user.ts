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
