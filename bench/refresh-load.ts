/**
 * The refresh scenario's load generator, in its own process. Every connection keeps its own session and sends the
 * refresh cookie the previous response gave it, so every request is a valid rotation, never a replay. autocannon
 * cannot do this (it resets a connection's context after each pass over its request list), so this is a plain
 * keep-alive HTTP client: one socket per connection, requests in sequence on it. Reads
 * `{url, connections, durationS, tokens}` on stdin and prints the result as JSON.
 */
import { Agent, request } from 'node:http'

interface Input {
  readonly url: string
  readonly connections: number
  readonly durationS: number
  readonly tokens: string[]
}

const chunks: Buffer[] = []
for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input
const target = new URL('/accounts/auth/refresh_token/', input.url)

const latencies: number[] = []
let errors = 0
const deadline = performance.now() + input.durationS * 1000

function refreshOnce(agent: Agent, token: string): Promise<{ status: number; next: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { cookie: `refresh_token=${token}` },
      },
      (res) => {
        res.resume()
        res.on('end', () => {
          const next = res.headers['set-cookie']?.find((line) => line.startsWith('refresh_token='))
          resolve({ status: res.statusCode ?? 0, next: next?.slice('refresh_token='.length).split(';')[0] })
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

async function connection(initial: string): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  let token = initial
  while (performance.now() < deadline) {
    const start = performance.now()
    try {
      const { status, next } = await refreshOnce(agent, token)
      latencies.push(performance.now() - start)
      if (status === 200 && next !== undefined) token = next
      else errors++
    } catch {
      errors++
    }
  }
  agent.destroy()
}

const started = performance.now()
await Promise.all(input.tokens.slice(0, input.connections).map((token) => connection(token)))
const elapsed = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
console.log(
  JSON.stringify({
    rps: latencies.length / elapsed,
    p50_ms: Math.round(pick(0.5) * 100) / 100,
    p99_ms: Math.round(pick(0.99) * 100) / 100,
    errors,
    requests: latencies.length,
  }),
)
