import type { Latchkey } from 'latchkey'

/** Onboards Ann, rotates her password, lets her in again after a deactivation, and finds her. */
export async function onboardAnn(latchkey: Latchkey): Promise<number> {
  const created = await latchkey.users.create({
    username: 'ann',
    password: 'a long passphrase',
    email: 'ann@example.com',
  })
  if (!created.ok) throw new Error(created.problems.join(' ')) // Django's messages
  const id = created.user.id
  await latchkey.users.setPassword(id, 'another long passphrase') // revokes her sessions
  await latchkey.users.deactivate(id) // refuses logins, revokes every session at once
  await latchkey.users.update(id, { isActive: true, firstName: 'Ann' })
  const { count } = await latchkey.users.list({ search: 'ann', offset: 0, limit: 25 })
  return count
}
