import { createLatchkey } from 'latchkey'
import { createSqliteStores } from 'latchkey/stores/sqlite'
import { createApp } from './express/app.ts'

// Any of the four createApp functions below fits here: the Latchkey instance is the same for every framework.
const stores = createSqliteStores('./data/app.sqlite')
await stores.migrate()
const latchkey = await createLatchkey(
  {
    secretKey: process.env.SECRET_KEY ?? '',
    events: { onLogin: (event) => console.log('login', event.userId, event.ip) },
  },
  stores,
)
await latchkey.start() // revocation sync and keyring refresh, as the server runs them
const created = await latchkey.users.create({ username: 'alice', password: 'correct horse battery staple' })
if (!created.ok && !created.problems.includes('A user with that username already exists.'))
  throw new Error(created.problems.join(' '))
const server = createApp(latchkey).listen(3000)
process.once('SIGTERM', async () => {
  server.close()
  await latchkey.stop()
  await stores.close()
})
