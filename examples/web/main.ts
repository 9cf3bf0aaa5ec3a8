import { createServer } from 'node:http'
import { getRequestListener, type HttpBindings } from '@hono/node-server'
import { onShutdown, openDeployment } from '../shared/deployment.ts'
import { createApp } from './app.ts'

const deployment = await openDeployment()
const app = createApp(deployment.latchkey)
// Node has no Fetch API server of its own: @hono/node-server's listener turns node:http into Request/Response.
const server = createServer(
  getRequestListener((request, env) => app(request, (env as HttpBindings).incoming.socket.remoteAddress)),
)
server.listen(deployment.port, deployment.host, () => {
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : deployment.port
  console.log(`Example (web) serving on http://${deployment.host}:${port}`)
})
onShutdown(async () => {
  await new Promise((resolve) => server.close(resolve))
  await deployment.close()
})
