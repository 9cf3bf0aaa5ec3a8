import { type ChildProcess, spawn } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'

/** The repository: only `npm pack` runs here; everything else runs in the consumer's folder. */
export const ROOT = join(import.meta.dirname, '..', '..')
const FIXTURES = join(import.meta.dirname, 'fixtures')
/** Tools the test drives from the repository's own devDependencies; the consumer's folder never resolves them. */
export const TOOLS = {
  tsc: join(ROOT, 'node_modules', '.bin', 'tsc'),
  esbuild: join(ROOT, 'node_modules', '.bin', 'esbuild'),
}

export interface Packed {
  readonly tarball: string
  /** Bytes of the .tgz. */
  readonly size: number
  readonly unpackedSize: number
  readonly files: readonly string[]
}

export interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * The environment of a stranger's machine: this Node first on PATH (the one running the test), the
 * repository's tools off it, and none of the repository's npm settings — in particular not the `latchkey-source`
 * condition its .npmrc puts in NODE_OPTIONS, which would point the installed package back at sources it does not
 * ship. The rest of the environment (proxy and certificate settings) is kept, so npm reaches the registry as usual.
 */
export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env))
    if (!/^(npm_|NODE_OPTIONS$|INIT_CWD$)/i.test(name)) env[name] = value
  const path = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '' && !dir.startsWith(ROOT))
  env.PATH = [dirname(process.execPath), ...path].join(delimiter)
  return { ...env, npm_config_update_notifier: 'false', ...extra }
}

/** Runs a command to completion, feeding it `input`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? consumerEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk)
    })
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk)
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}

/** Runs a command and fails with its output unless it exits 0. */
export async function runOk(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string },
): Promise<Ran> {
  const ran = await run(command, args, options)
  if (ran.code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${ran.code}\n${ran.stdout}\n${ran.stderr}`)
  return ran
}

/** `npm pack` of the repository (its `prepack` builds dist/ first), into `destination`. */
export async function pack(destination: string): Promise<Packed> {
  // Run from the repository with its own environment: prepack runs the build there.
  const { stdout } = await runOk('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: ROOT,
    env: process.env,
  })
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string
    size: number
    unpackedSize: number
    files: { path: string }[]
  }[]
  if (report === undefined) throw new Error(`npm pack reported nothing: ${stdout}`)
  return {
    tarball: join(destination, report.filename),
    size: report.size,
    unpackedSize: report.unpackedSize,
    files: report.files.map((file) => file.path),
  }
}

/** The version of a package the repository installed: the consumer installs the same, from npm's cache. */
export function repoVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'))
  return `${name}@${manifest.version}`
}

/** `npm install` in the consumer's folder, preferring npm's cache (which the repository's own install filled). */
export function npmInstall(app: string, specs: readonly string[]): Promise<Ran> {
  return runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], { cwd: app })
}

/** Copies fixture files (the consumer's own code) into its folder. */
export function copyFixtures(app: string, names: readonly string[]): void {
  for (const name of names) copyFileSync(join(FIXTURES, name), join(app, name))
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`)
}

export interface Started {
  readonly url: string
  readonly output: () => string
  stop(): Promise<void>
}

/** How long a started process may take to print its URL: a process that never does fails the test, with its output. */
const START_TIMEOUT_MS = 30_000

/** Starts a long-running process and waits for the first `http://…` URL it prints after `marker`. */
export function start(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; marker: RegExp },
): Promise<Started> {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? consumerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      // npx runs the bin in a child of its own: signal the whole process group.
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
    })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${command} ${args.join(' ')} printed no URL after ${options.marker}\n${output}`))
    }, START_TIMEOUT_MS)
    const onData = (chunk: Buffer) => {
      output += String(chunk)
      const found = options.marker.exec(output)
      const url = found === null ? undefined : /http:\/\/[^\s)",]+/.exec(output.slice(found.index))?.[0]
      if (url !== undefined) {
        clearTimeout(timer)
        resolve({ url, output: () => output, stop })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${output}`))
    })
  })
}
