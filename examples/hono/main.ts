import { serve } from '@hono/node-server'
import { onShutdown, openDeployment } from '../shared/deployment.ts'
import { createApp } from './app.ts'

const deployment = await openDeployment()
const server = serve(
  { fetch: createApp(deployment.latchkey).fetch, hostname: deployment.host, port: deployment.port },
  (info) => console.log(`Example (hono) serving on http://${deployment.host}:${info.port}`),
)
onShutdown(async () => {
  await new Promise((resolve) => server.close(resolve))
  await deployment.close()
})
