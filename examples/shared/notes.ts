/** The example apps' own data: a few notes per user, kept in memory. */
export interface Note {
  readonly id: number
  readonly text: string
}

const NOTES = new Map<number, Note[]>()

/** The notes of one user (a welcome note until they have others). */
export function notesOf(user: { readonly id: number; readonly username: string }): {
  notes: readonly Note[]
} {
  let notes = NOTES.get(user.id)
  if (notes === undefined) {
    notes = [{ id: 1, text: `Welcome, ${user.username}: only you can read this.` }]
    NOTES.set(user.id, notes)
  }
  return { notes }
}

/** The apps' JSON 404, in the shape of every Latchkey error (`detail` and `code`). */
export const NOT_FOUND = { detail: 'Not found.', code: 'not_found' } as const
