/**
 * Django's username rules (`django.contrib.auth.validators.UnicodeUsernameValidator` and `AbstractUser.username`):
 * at most 150 characters of Unicode letters, digits and `@ . + - _`. Python's `\w` is `str.isalnum()` plus `_`,
 * which is the letter (L*) and number (N*) categories; marks are not word characters in Python, so not here either.
 */
const USERNAME = /^[\p{L}\p{N}_.@+-]+$/u

/** Django's `username` max_length. */
export const MAX_USERNAME_LENGTH = 150

/**
 * NFKC, as Django applies on create (`AbstractBaseUser.normalize_username`) and on login (`UsernameField.to_python`
 * in `AuthenticationForm`): the fullwidth `ａｌｉｃｅ` and `alice` are one name.
 *
 * @example normalizeUsername('ａｌｉｃｅ') // 'alice'
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC')
}

/**
 * The problems Django's form validation reports for a (normalised) username, with Django's messages; empty when it
 * is acceptable.
 *
 * @example usernameProblems('bad name') // ['Enter a valid username. This value may contain only letters, …']
 */
export function usernameProblems(username: string): string[] {
  if (username === '') return ['This field may not be blank.']
  const problems: string[] = []
  // Django counts code points (Python str length), not UTF-16 units.
  if ([...username].length > MAX_USERNAME_LENGTH)
    problems.push(`Ensure this field has no more than ${MAX_USERNAME_LENGTH} characters.`)
  if (!USERNAME.test(username))
    problems.push(
      'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
    )
  return problems
}
