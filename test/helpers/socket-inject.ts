import { request } from 'node:http'
import type { Inject, InjectResponse } from './host.ts'

/**
 * inject() over a real socket (node:http, so Host and Cookie can be set freely), with light-my-request's defaults:
 * `Host: localhost:80`, `User-Agent: lightMyRequest`, an object payload sent as JSON.
 */
export function socketInject(port: number): Inject {
  return (options) =>
    new Promise<InjectResponse>((resolve, reject) => {
      const {
        method = 'GET',
        url,
        headers = {},
        payload,
      } = typeof options === 'string' ? { url: options } : options
      const body =
        payload === undefined
          ? undefined
          : typeof payload === 'string' || Buffer.isBuffer(payload)
            ? payload
            : JSON.stringify(payload)
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
      const all: Record<string, string> = { host: 'localhost:80', 'user-agent': 'lightMyRequest', ...lower }
      if (body !== undefined) {
        if (typeof payload === 'object' && !Buffer.isBuffer(payload) && all['content-type'] === undefined)
          all['content-type'] = 'application/json'
        all['content-length'] ??= String(Buffer.byteLength(body))
      }
      const req = request(
        { host: '127.0.0.1', port, method, path: url, headers: all, setHost: false, agent: false },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            resolve({
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              body: text,
              json: <T>() => JSON.parse(text) as T,
            })
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
}
