/** The structured logger the core writes to (pino-compatible). Never pass a token, cookie or password. */
export interface Logger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
