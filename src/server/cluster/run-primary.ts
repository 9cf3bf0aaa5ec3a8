import cluster, { type Worker } from 'node:cluster'
import type { Logger } from '../../core/logger.ts'
import { ConfigError, resolveOptions } from '../../core/options.ts'
import { bootstrapSuperuser } from '../bootstrap-superuser.ts'
import { migrateWhenReachable, redactDatabaseUrl } from '../connect-database.ts'
import type { ServerConfig } from '../env.ts'
import { startLog } from '../log-options.ts'
import { openStores } from '../open-stores.ts'
import { type HubPeer, PrimaryHub } from './primary-hub.ts'
import { RestartBackoff } from './restart-backoff.ts'

/** A worker's exit code when it cannot start for a reason the operator must fix (a port in use, a bad setting). */
const CONFIG_REFUSED = 2
/** Past the drain and a worker's own 10 s limit on in-flight requests, a worker still alive is killed. */
const HARD_STOP_MARGIN_MS = 15_000

interface Slot {
  readonly backoff: RestartBackoff
  worker: Worker | undefined
  startedAt: number
  restart: NodeJS.Timeout | undefined
}

function peer(worker: Worker): HubPeer {
  return {
    id: worker.id,
    send: (message) => worker.isConnected() && worker.send(message, undefined, () => {}),
  }
}

function urlOf(address: { address: string; port: number; addressType: number | string }): string {
  const host = address.addressType === 6 ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/**
 * `latchkey serve --workers N`: the cluster's primary. Migrates once, then forks N workers that each run the
 * server on the same port (`node:cluster` hands them connections in turn); relays revocations between them and
 * keeps their shared login counters (`PrimaryHub`); restarts a worker that dies (`RestartBackoff`); on SIGTERM or
 * SIGINT has every worker shut down gracefully and exits once all have, 0 if all stopped cleanly. It serves no
 * request itself and logs JSON lines in the workers' shape (`startLog`).
 *
 * Connections are distributed by `node:cluster`'s round robin rather than `SO_REUSEPORT`: the primary hands each
 * accepted connection to a live worker, so a worker that dies loses only the connections it holds, whereas with
 * `SO_REUSEPORT` the kernel queues connections on each worker's own listening socket and resets those still queued
 * when that socket's process dies. The hand-off costs one IPC message per connection, not per request.
 */
export async function runPrimary(config: ServerConfig, workers: number): Promise<void> {
  const start = startLog(config.logLevel)
  // The workers' lines and the primary's share one stream; `role` tells the primary's apart.
  const log: Logger = {
    info: (fields, message) => start.info({ role: 'primary', ...fields }, message),
    warn: (fields, message) => start.warn({ role: 'primary', ...fields }, message),
    error: (fields, message) => start.error({ role: 'primary', ...fields }, message),
  }
  if (config.databaseUrl === 'sqlite::memory:')
    throw new ConfigError([
      'LATCHKEY_WORKERS: each worker would have its own in-memory SQLite database; use a file or PostgreSQL',
    ])
  const stores = await openStores(config.databaseUrl, {
    statementTimeoutMs: config.databaseTimeoutMs,
    connectTimeoutMs: config.databaseAcquireTimeoutMs,
  })
  try {
    await migrateWhenReachable(stores, {
      databaseUrl: config.databaseUrl,
      timeoutMs: config.dbConnectTimeoutMs,
      log: start,
    })
    // Once, here, rather than in each worker: the workers would race to create the same user.
    const superuser = await bootstrapSuperuser(config, resolveOptions(config.options), stores)
    if (superuser !== undefined) start.info({ event: 'superuser' }, superuser)
  } finally {
    await stores.close().catch(() => {})
  }

  const slots: Slot[] = Array.from({ length: workers }, () => ({
    backoff: new RestartBackoff(),
    worker: undefined,
    startedAt: 0,
    restart: undefined,
  }))
  const slotOf = new Map<number, Slot>()
  const live = () => slots.flatMap((slot) => (slot.worker === undefined ? [] : [slot.worker]))
  const hub = new PrimaryHub(() => live().map(peer))
  cluster.on('message', (worker, message) => hub.receive(peer(worker), message))

  let stopping = false
  let exitCode = 0
  const finish = () => {
    log.info({ event: 'stopped', exitCode }, 'every worker has stopped')
    process.exit(exitCode)
  }
  const stop = (code: number) => {
    if (stopping) return
    stopping = true
    exitCode = code
    log.info({ event: 'shutting_down', workers: live().length }, 'shutting down every worker')
    for (const slot of slots) clearTimeout(slot.restart)
    for (const worker of live()) worker.process.kill('SIGTERM')
    setTimeout(() => {
      for (const worker of live()) worker.process.kill('SIGKILL')
    }, config.shutdownDrainMs + HARD_STOP_MARGIN_MS).unref()
    if (live().length === 0) finish()
  }

  const fork = (slot: Slot) => {
    slot.restart = undefined
    slot.startedAt = Date.now()
    // The worker reads its configuration as the primary did; this tells it how many siblings share the machine.
    const worker = cluster.fork({ LATCHKEY_WORKERS: String(workers) })
    slot.worker = worker
    slotOf.set(worker.id, slot)
  }

  // Workers listening before the first announcement (one that dies meanwhile no longer counts).
  const listening = new Set<number>()
  let announced = false
  cluster.on('listening', (worker, address) => {
    log.info(
      { event: 'worker_listening', worker: worker.id, workerPid: worker.process.pid },
      'worker listening',
    )
    if (announced) return
    listening.add(worker.id)
    if (listening.size < workers) return
    announced = true
    const url = urlOf(address)
    log.info(
      {
        event: 'server_started',
        address: url,
        workers,
        database: redactDatabaseUrl(config.databaseUrl),
        ...(config.generatedSecretFile !== undefined && { generatedSecretFile: config.generatedSecretFile }),
      },
      `Latchkey is serving on ${url} with ${workers} workers`,
    )
  })
  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id)
    const slot = slotOf.get(worker.id)
    slotOf.delete(worker.id)
    if (slot !== undefined) slot.worker = undefined
    const fields = { worker: worker.id, workerPid: worker.process.pid, code, signal }
    if (stopping) {
      // Our own SIGTERM may reach a worker before it installs its handler: that is a clean stop too.
      if (code !== 0 && signal !== 'SIGTERM') {
        exitCode = exitCode || 1
        log.error({ event: 'worker_failed_to_stop', ...fields }, 'worker did not stop cleanly')
      }
      if (live().length === 0) finish()
      return
    }
    if (code === CONFIG_REFUSED) {
      log.error(
        { event: 'worker_cannot_start', ...fields },
        'a worker cannot start (see its message): stopping',
      )
      return stop(CONFIG_REFUSED)
    }
    if (slot === undefined) return
    const delayMs = slot.backoff.delayAfter(Date.now() - slot.startedAt)
    log.warn({ event: 'worker_died', ...fields, restartInMs: delayMs }, 'worker died: starting another')
    slot.restart = setTimeout(() => fork(slot), delayMs)
  })
  process.on('SIGTERM', () => stop(0))
  process.on('SIGINT', () => stop(0))
  for (const slot of slots) fork(slot)
}
