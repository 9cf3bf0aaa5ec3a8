import type { Answer, SpawnedCluster } from './spawn-cluster.ts'

/**
 * Sends `GET /accounts/user/` with `headers` (a revoked token) on new connections, one after another with `pauseMs`
 * between them, until the latest answer of every worker alive is a 401 or `timeoutMs` has passed since the call;
 * returns whether they all refused and each worker's latest answer (for the failure message and further checks).
 * Start it right after the revocation: the time counts from the call.
 */
export async function untilEveryWorkerRefuses(
  cluster: SpawnedCluster,
  headers: Record<string, string>,
  timeoutMs: number,
  pauseMs = 0,
): Promise<{ readonly refused: boolean; readonly latest: ReadonlyMap<number, Answer> }> {
  const started = Date.now()
  const latest = new Map<number, Answer>()
  const everyWorkerRefuses = () => cluster.workerPids().every((pid) => latest.get(pid)?.status === 401)
  while (!everyWorkerRefuses() && Date.now() - started < timeoutMs) {
    const answer = await cluster.send('/accounts/user/', { headers })
    latest.set(answer.pid, answer)
    // Real time: the workers are other processes, which no injected clock reaches; the pause only spaces the polls.
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs))
  }
  return { refused: everyWorkerRefuses(), latest }
}

/** Each worker's latest status, `pid:status`, for a failure message. */
export function statuses(latest: ReadonlyMap<number, Answer>): string {
  return [...latest].map(([pid, answer]) => `${pid}:${answer.status}`).join(',')
}
