import { createServer } from 'node:http'
import { onShutdown, openDeployment } from '../shared/deployment.ts'
import { createApp } from './app.ts'

const deployment = await openDeployment()
const server = createServer(createApp(deployment.latchkey))
server.listen(deployment.port, deployment.host, () => {
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : deployment.port
  console.log(`Example (express) serving on http://${deployment.host}:${port}`)
})
onShutdown(async () => {
  await new Promise((resolve) => server.close(resolve))
  await deployment.close()
})
