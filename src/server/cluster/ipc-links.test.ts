import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../../core/logger.ts'
import type { Revocation } from '../../core/sessions/revocation-bus.ts'
import { FallbackAttemptCounter } from '../../core/throttle/fallback-attempt-counter.ts'
import { IpcAttemptCounter } from './ipc-attempt-counter.ts'
import type { IpcChannel } from './ipc-channel.ts'
import { IpcRevocationBus } from './ipc-revocation-bus.ts'
import type { PrimaryMessage } from './messages.ts'
import { type HubPeer, PrimaryHub } from './primary-hub.ts'

interface LinkedWorker {
  readonly channel: IpcChannel
  /** The primary goes away: the channel closes. */
  disconnect(): void
}

/**
 * Workers wired to a primary hub in this process, each message delivered asynchronously as the IPC pipe does. The
 * real pipes between real processes are exercised by test/workers.test.ts; this checks the protocol on both ends.
 */
function cluster(size: number, options: { primaryAnswers?: boolean } = {}): LinkedWorker[] {
  const peers: HubPeer[] = []
  const hub = new PrimaryHub(() => peers)
  return Array.from({ length: size }, (_, id) => {
    const listeners = new Set<(message: PrimaryMessage) => void>()
    const onDisconnect = new Set<() => void>()
    let connected = true
    const peer: HubPeer = {
      id,
      send: (message) =>
        setImmediate(() => {
          if (connected) for (const listener of listeners) listener(message)
        }),
    }
    peers.push(peer)
    const channel: IpcChannel = {
      send(message) {
        if (!connected) return false
        if (options.primaryAnswers !== false) setImmediate(() => hub.receive(peer, message))
        return true
      },
      onMessage(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      onDisconnect: (listener) => onDisconnect.add(listener),
      connected: () => connected,
    }
    return {
      channel,
      disconnect() {
        connected = false
        for (const listener of onDisconnect) listener()
      },
    }
  })
}

describe('workers linked through the primary over IPC', () => {
  it('count login failures on every worker in one counter', async () => {
    const [a, b] = cluster(2).map((w) => new IpcAttemptCounter(w.channel))
    assert.ok(a !== undefined && b !== undefined)
    assert.equal((await a.hit('u:alice', 60_000, 1000)).count, 1)
    assert.equal((await b.hit('u:alice', 60_000, 1000)).count, 2)
    assert.deepEqual(await a.peek('u:alice', 2000), { count: 2, resetAt: 61_000 })
    assert.equal((await b.peek('u:bob', 2000)).count, 0)
  })

  it('clear a counter for every worker when one of them resets it', async () => {
    const [a, b] = cluster(2).map((w) => new IpcAttemptCounter(w.channel))
    assert.ok(a !== undefined && b !== undefined)
    await a.hit('u+ip:alice:1.2.3.4', 60_000, 0)
    await b.reset('u+ip:alice:1.2.3.4')
    assert.equal((await a.peek('u+ip:alice:1.2.3.4', 1)).count, 0)
  })

  it('pass a revocation published by one worker to every other worker', async () => {
    const buses = cluster(3).map((w) => new IpcRevocationBus(w.channel))
    const received = buses.map(() => [] as Revocation[])
    await Promise.all(
      buses.map((bus, i) =>
        bus.subscribe(
          (r) => received[i]?.push(r),
          () => {},
        ),
      ),
    )
    await buses[0]?.publish([{ sessionId: 's1', until: 5000 }])
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)))
    assert.deepEqual(received, [[], [{ sessionId: 's1', until: 5000 }], [{ sessionId: 's1', until: 5000 }]])
  })

  it('report the bus unhealthy once the primary is gone, so revocation sync polls the database', async () => {
    const [worker] = cluster(1)
    assert.ok(worker !== undefined)
    const health: boolean[] = []
    const bus = new IpcRevocationBus(worker.channel)
    await bus.subscribe(
      () => {},
      (healthy) => health.push(healthy),
    )
    worker.disconnect()
    assert.deepEqual(health, [true, false])
    await assert.rejects(bus.publish([{ sessionId: 's', until: 1 }]), /unreachable/)
  })

  it('fail a counter call the primary does not answer within the timeout, and count in the worker instead', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] })
    const [worker] = cluster(1, { primaryAnswers: false })
    assert.ok(worker !== undefined)
    const counter = new IpcAttemptCounter(worker.channel, 1000)
    const call = counter.hit('ip:1.2.3.4', 60_000, 0)
    t.mock.timers.tick(999)
    let settled = false
    const settle = () => {
      settled = true
    }
    call.then(settle, settle)
    await Promise.resolve()
    assert.equal(settled, false, 'still waiting just before the timeout')
    t.mock.timers.tick(1)
    await assert.rejects(call, /did not answer within 1000 ms/)

    const fallback = new FallbackAttemptCounter(counter, silentLogger)
    const first = fallback.hit('ip:1.2.3.4', 60_000, 0)
    t.mock.timers.tick(1000)
    assert.equal((await first).count, 1, 'the limit still counts, in this worker')
  })

  it('fail the calls in flight when the primary goes away', async () => {
    const [worker] = cluster(1, { primaryAnswers: false })
    assert.ok(worker !== undefined)
    const counter = new IpcAttemptCounter(worker.channel)
    const call = counter.peek('u:alice', 0)
    worker.disconnect()
    await assert.rejects(call, /unreachable/)
    await assert.rejects(counter.peek('u:alice', 0), /unreachable/)
  })
})
