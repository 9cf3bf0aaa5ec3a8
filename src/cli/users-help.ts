const TARGET = '(--id N | --username U)'

/** Help text of `latchkey users` and each of its actions. */
export const USERS_HELP: Readonly<Record<string, string>> = {
  '': `Usage: latchkey users <action> [options]        (latchkey users <action> --help)

Actions:
  list          users, paginated, with --search, --active, --staff
  show          one user
  create        create a user (Django's username and password validators)
  update        change names, email, staff and superuser flags
  set-password  set a password; revokes the user's sessions unless --keep-sessions
  deactivate    refuse logins and revoke every session at once
  activate      let a deactivated user log in again
  delete        delete a user and their sessions (needs --yes)

Every action takes --json for output a script can read. A bad argument exits 1 with a one-line reason.`,
  list: `Usage: latchkey users list [--search S] [--active true|false] [--staff true|false] [--page N]
                          [--page-size N] [--json]

Lists users by id (25 a page by default, 100 at most); --search looks in username, email and names.`,
  show: `Usage: latchkey users show ${TARGET} [--json]`,
  create: `Usage: latchkey users create --username U [--email E] [--first-name F] [--last-name L] [--staff]
                            [--superuser] [--password-stdin] [--json]

Creates a user. The username is NFKC-normalised and must be at most 150 letters, digits and @/./+/-/_; a name
equal to an existing one up to case is refused. The password is read from standard input with --password-stdin
(first line), or prompted for twice in a terminal, and must pass Django's default validators. --superuser
implies --staff.`,
  update: `Usage: latchkey users update ${TARGET} [--email E] [--first-name F] [--last-name L]
                            [--staff true|false] [--superuser true|false] [--json]

The last active superuser cannot be demoted.`,
  'set-password': `Usage: latchkey users set-password ${TARGET} [--password-stdin] [--keep-sessions] [--json]

Sets the password (Django's validators) and revokes every session of the user unless --keep-sessions.`,
  deactivate: `Usage: latchkey users deactivate ${TARGET} [--json]

Refuses the user's logins and revokes every session. Running servers refuse the sessions' access tokens at once
when LATCHKEY_REDIS_URL is set (the revocations are published), and otherwise within a second (they poll the
database). The last active superuser cannot be deactivated.`,
  activate: `Usage: latchkey users activate ${TARGET} [--json]`,
  delete: `Usage: latchkey users delete ${TARGET} --yes [--json]

Deletes the user and their sessions. The audit log keeps their events.`,
}
