import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express'
import { type AuthOutcome, authenticatorOf, type Latchkey } from '../../core/create-latchkey.ts'
import { AuthError } from '../../core/errors.ts'
import { withRepeatedSingletons } from '../../core/http/duplicate-headers.ts'
import { type HttpRequest, MAX_BODY_BYTES } from '../../core/http/request.ts'
import type { HttpResponse } from '../../core/http/response.ts'

declare global {
  namespace Express {
    interface Request {
      /** Set by `latchkeyGuard`: the user and session. */
      auth?: Extract<AuthOutcome, { ok: true }>
    }
  }
}

/** Reads the raw body (up to Latchkey's limit) only when a Latchkey endpoint asks for it. */
const rawBody = express.raw({ type: () => true, limit: MAX_BODY_BYTES })

function readBody(req: Request, res: Response): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    rawBody(req, res, (error?: unknown) => {
      if (error === undefined) return resolve(Buffer.isBuffer(req.body) ? req.body : undefined)
      const status = (error as { status?: number }).status
      reject(
        status === 413
          ? new AuthError('payload_too_large', 'Request body is too large.')
          : new AuthError('bad_request', 'Malformed request body.'),
      )
    })
  })
}

/**
 * An Express request as Latchkey's neutral request. Address and scheme are read only when used (Express derives both
 * through its trust-proxy function), through getters on a class's prototype: an object literal with getters costs
 * V8 about a microsecond to create, on every request.
 */
class ExpressHttpRequest implements HttpRequest {
  readonly method: string
  readonly url: string
  readonly headers: HttpRequest['headers']
  readonly #req: Request
  readonly #res: Response

  constructor(req: Request, res: Response) {
    this.method = req.method
    this.url = req.url
    // Node keeps only the first Host or Authorization; the core must see a repeat to refuse it.
    this.headers = withRepeatedSingletons(req.headers, req.rawHeaders)
    this.#req = req
    this.#res = res
  }

  readBody(): Promise<Uint8Array | undefined> {
    return readBody(this.#req, this.#res)
  }

  get ip(): string {
    return this.#req.ip ?? ''
  }

  get secure(): boolean {
    return this.#req.secure
  }
}

/**
 * An Express request as Latchkey's neutral request (address and scheme as the app's `trust proxy` decides).
 *
 * @example
 * const outcome = await latchkey.authenticate(toHttpRequest(req, res))
 */
export function toHttpRequest(req: Request, res: Response): HttpRequest {
  return new ExpressHttpRequest(req, res)
}

/**
 * Writes Latchkey's response out unchanged.
 *
 * @example
 * const response = await latchkey.handle(toHttpRequest(req, res))
 * if (response !== undefined) send(res, response)
 */
export function send(res: Response, response: HttpResponse): void {
  res.status(response.status)
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value)
  if (response.body === undefined) return void res.end()
  res.setHeader('content-length', Buffer.byteLength(response.body))
  res.end(response.body)
}

/**
 * Latchkey's API (`/accounts/…`, `/openapi.json`) as an Express 5 router; any other path goes on to the app's own
 * routes. Mount it at the root, before any body parser (Latchkey reads the raw body itself).
 *
 * @example
 * app.use(latchkeyRouter(latchkey))
 * app.get('/api/notes', latchkeyGuard(latchkey), (req, res) => res.json(listNotes(req.auth!.user.id)))
 */
export function latchkeyRouter(latchkey: Latchkey): Router {
  const router = express.Router()
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    // The app's own paths go on at once, with no request built for them.
    if (!latchkey.http.serves(req.url)) return next()
    const response = await latchkey.handle(toHttpRequest(req, res))
    if (response === undefined) return next()
    send(res, response)
  })
  return router
}

/**
 * Middleware for the app's own routes: authenticates exactly as `/accounts/user/` does and sets `req.auth`, or
 * answers the refusal (401 with `WWW-Authenticate`, 403 …) itself.
 *
 * @example
 * app.get('/api/notes', latchkeyGuard(latchkey), (req, res) => res.json(listNotes(req.auth!.user.id)))
 */
export function latchkeyGuard(latchkey: Latchkey): RequestHandler {
  const authenticate = authenticatorOf(latchkey)
  const proceed = (req: Request, res: Response, next: NextFunction, outcome: AuthOutcome) => {
    if (!outcome.ok) return send(res, outcome.response)
    req.auth = outcome
    next()
  }
  // The usual request (the user cached) goes on to the route in the same turn: no promise of ours in between. A
  // failure reaches Express's error handler through `next`, as a rejected async middleware's would.
  return (req, res, next) => {
    const outcome = authenticate(toHttpRequest(req, res))
    if (!(outcome instanceof Promise)) return proceed(req, res, next, outcome)
    outcome.then((known) => proceed(req, res, next, known), next)
  }
}
