import { onShutdown, openDeployment } from '../shared/deployment.ts'
import { createApp } from './app.ts'

const deployment = await openDeployment()
const app = await createApp(deployment.latchkey)
const address = await app.listen({ host: deployment.host, port: deployment.port })
console.log(`Example (fastify) serving on ${address}`)
onShutdown(async () => {
  await app.close()
  await deployment.close()
})
