/**
 * The request and response shapes of every test host (the server through `app.inject`, an example app over a real
 * socket): light-my-request's, so suites read the same whatever answers them.
 */
export interface InjectOptions {
  readonly method?: string
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  /** An object is sent as JSON (with its Content-Type), a string or buffer as is. */
  readonly payload?: string | Buffer | object
}

export interface InjectResponse {
  readonly statusCode: number
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>
  readonly body: string
  /** The body parsed as JSON; name the expected shape as `T` where a test reads deeper than one level. */
  json<T = JsonObject>(): T
}

export type Inject = (options: InjectOptions | string) => Promise<InjectResponse>

/** A JSON object whose members a test reads by name. */
export interface JsonObject {
  readonly [member: string]: unknown
}
