/**
 * Where a route's instructions go, function by function: `npm run bench -- --adapter <name> --profile`. The adapter
 * server runs under callgrind (see instruction-count.ts) with `--perf-basic-prof`, so that V8's compiled functions
 * can be named from the map Node writes (`/tmp/perf-<pid>.map`); callgrind itself names JIT code only by address.
 * Each route is warmed up, then counted alone; each function's own instructions (its callees' excluded, whatever V8
 * inlined into it included) are added up per request, and the functions that differ most between the guarded route
 * and the framework's guard-shaped floor are listed: what Latchkey's guard costs, stage by stage.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { benchLogin } from './bench-login.ts'
import { type CountedPath, startUnderCallgrind } from './instruction-count.ts'

/** The repository's root as V8 names scripts (`file:///…/`), left out of the names printed. */
const ROOT = `${pathToFileURL(join(import.meta.dirname, '..')).href}/`

export interface CodeRange {
  readonly start: number
  readonly end: number
  readonly name: string
}

/** V8's code ranges from a perf map's text (`<start> <size> <name>` a line, in hex), sorted by start. */
export function parsePerfMap(text: string): CodeRange[] {
  const ranges: CodeRange[] = []
  for (const line of text.split('\n')) {
    const [start, size, ...name] = line.split(' ')
    if (start === undefined || size === undefined || name.length === 0) continue
    const from = Number.parseInt(start, 16)
    // A function compiled at another tier (`*` optimized, `~` interpreted, `^`, `+`) is the same function.
    ranges.push({
      start: from,
      end: from + Number.parseInt(size, 16),
      name: name
        .join(' ')
        .replace(/^JS:[*~^+]?/, 'JS:')
        .replace(ROOT, ''),
    })
  }
  return ranges.sort((a, b) => a.start - b.start)
}

/** The name of the code at `address`, or `JIT code` where the map has none. */
function nameAt(ranges: readonly CodeRange[], address: number): string {
  let low = 0
  let high = ranges.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const range = ranges[middle] as CodeRange
    if (address < range.start) high = middle - 1
    else if (address >= range.end) low = middle + 1
    else return range.name
  }
  return 'JIT code'
}

/**
 * Each function's own instructions in a callgrind dump, by name. Names are compressed (`fn=(7) name` the first time,
 * `fn=(7)` after); the cost line after a `calls=` line is the callee's, not the caller's own.
 */
export function selfCosts(dump: string, ranges: readonly CodeRange[]): Map<string, number> {
  const names = new Map<string, string>()
  const costs = new Map<string, number>()
  let current: string | undefined
  let calleeCost = false
  // After `fn=` or `cfn=`: the id in brackets, and the name the first time the id appears.
  const named = (line: string) => {
    const match = /^c?fn=\((\d+)\)(?: (.*))?$/.exec(line)
    if (match === null) return undefined
    const [, id = '', text] = match
    if (text !== undefined) {
      const address = /^0x([0-9a-f]+)$/.exec(text)
      names.set(id, address === null ? text : nameAt(ranges, Number.parseInt(address[1] as string, 16)))
    }
    return names.get(id)
  }
  for (const line of dump.split('\n')) {
    if (line.startsWith('fn=')) current = named(line)
    else if (line.startsWith('cfn=')) named(line)
    else if (line.startsWith('calls=')) calleeCost = true
    else if (/^[0-9+\-*]/.test(line)) {
      const cost = Number(line.split(' ')[1])
      if (calleeCost) calleeCost = false
      else if (current !== undefined && Number.isFinite(cost))
        costs.set(current, (costs.get(current) ?? 0) + cost)
    }
  }
  return costs
}

export interface ProfileRow {
  readonly name: string
  readonly floor: number
  readonly route: number
}

/** Per-request instructions of the floor and the guarded route (cookie), and the functions that differ most. */
export async function profileAdapter(input: {
  readonly adapter: string
  readonly log: (line: string) => void
  readonly top: number
}): Promise<{ totals: Record<string, number>; rows: ProfileRow[] }> {
  const server = await startUnderCallgrind(
    join(import.meta.dirname, 'adapter-server.ts'),
    { BENCH_ADAPTER: input.adapter, NODE_ENV: 'production' },
    ['--perf-basic-prof'],
  )
  const perfMap = `/tmp/perf-${server.pid}.map`
  try {
    const { access } = await benchLogin(server.url)
    const cookie = { cookie: `access_token=${access}` }
    const paths: CountedPath[] = [
      { name: 'baseline', path: '/bench/baseline', headers: cookie },
      { name: 'floor', path: '/bench/floor', headers: cookie },
      { name: 'user-cookie', path: '/bench/user', headers: cookie },
    ]
    const warmup = 10_000
    const measured = 5000
    input.log(`[${input.adapter}] warm-up: ${warmup} requests a path`)
    for (const path of paths) await server.send(path, warmup)
    const dumps: Record<string, string> = {}
    for (const path of paths) {
      input.log(`[${input.adapter}] counting ${path.name} over ${measured} requests`)
      dumps[path.name] = await server.count(path, measured)
    }
    const ranges = parsePerfMap(readFileSync(perfMap, 'utf8'))
    const perRequest = (name: string) => {
      const costs = selfCosts(readFileSync(dumps[name] as string, 'utf8'), ranges)
      return new Map([...costs].map(([fn, cost]) => [fn, cost / measured]))
    }
    const floor = perRequest('floor')
    const route = perRequest('user-cookie')
    const total = (costs: Map<string, number>) => Math.round([...costs.values()].reduce((a, b) => a + b, 0))
    const rows = [...new Set([...floor.keys(), ...route.keys()])]
      .map((name) => ({ name, floor: floor.get(name) ?? 0, route: route.get(name) ?? 0 }))
      .sort((a, b) => Math.abs(b.route - b.floor) - Math.abs(a.route - a.floor))
      .slice(0, input.top)
    return {
      totals: { baseline: total(perRequest('baseline')), floor: total(floor), 'user-cookie': total(route) },
      rows,
    }
  } finally {
    server.close()
    rmSync(perfMap, { force: true })
  }
}
