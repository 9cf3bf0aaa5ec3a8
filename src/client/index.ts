/**
 * `latchkey/client`: the browser SDK. An ES module with no dependencies and no Node imports.
 *
 * @example
 * import { createAuthClient, AuthClientError } from 'latchkey/client'
 * const auth = createAuthClient({ baseUrl: 'https://api.example.com', mode: 'cookie' })
 */
export { createAuthClient } from './create-auth-client.ts'
export {
  AuthClientError,
  type AuthErrorCode,
  type ClientErrorCode,
  type FieldErrors,
  SERVER_ERROR_CODES,
  type ServerErrorCode,
} from './errors.ts'
export type {
  AuthClient,
  AuthClientOptions,
  AuthMode,
  SessionEndEvent,
  SessionInfo,
  User,
} from './types.ts'
