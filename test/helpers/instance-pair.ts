import { after, before } from 'node:test'
import type { LatchkeyOptions } from '../../src/core/options.ts'
import { type Instance, startInstance, TEST_REDIS_URL } from './cluster.ts'
import { openPostgresTestStores, TEST_DATABASE_URL } from './postgres.ts'

/** A TCP forwarder a test puts in front of Redis (TcpProxy, FaultProxy): `start` answers the port it listens on. */
export interface RedisProxy {
  start(): Promise<number>
  stop(): Promise<void>
}

export interface InstancePair<P extends RedisProxy> {
  readonly a: Instance
  readonly b: Instance
  /** Between both instances and Redis: the test cuts or stalls it. */
  readonly proxy: P
}

/**
 * Registers, in the calling `describe`, two instances, A and B, on one fresh PostgreSQL schema, which reach
 * TEST_REDIS_URL's Redis (the same database number) through the test's own proxy, `proxyTo(host, port)`: taking
 * Redis away from them never touches the server other tests use. Closes all of it after. The members are valid
 * once `before` has run; a `before` the test registers after this call runs after the instances have started.
 *
 * @example
 * const pair = useInstancePair((host, port) => new TcpProxy(host, port))
 * it('…', async () => { const { a, b, proxy } = pair; … })
 */
export function useInstancePair<P extends RedisProxy>(
  proxyTo: (host: string, port: number) => P,
  settings: { readonly options?: LatchkeyOptions; readonly revocationPollMs?: number } = {},
): InstancePair<P> {
  let schemaStores: Awaited<ReturnType<typeof openPostgresTestStores>> | undefined
  let proxy: P | undefined
  let a: Instance | undefined
  let b: Instance | undefined
  before(async () => {
    schemaStores = await openPostgresTestStores(2)
    const redis = new URL(TEST_REDIS_URL)
    proxy = proxyTo(redis.hostname, Number(redis.port || 6379))
    const redisUrl = `redis://127.0.0.1:${await proxy.start()}${redis.pathname}`
    const common = { ...settings, databaseUrl: TEST_DATABASE_URL, schema: schemaStores.schema, redisUrl }
    a = await startInstance(common)
    b = await startInstance(common)
  })
  after(async () => {
    await a?.close()
    await b?.close()
    await proxy?.stop()
    await schemaStores?.close()
  })
  const started = <T>(member: T | undefined): T => {
    if (member === undefined) throw new Error('the instance pair is not started yet')
    return member
  }
  return {
    get a() {
      return started(a)
    },
    get b() {
      return started(b)
    },
    get proxy() {
      return started(proxy)
    },
  }
}
