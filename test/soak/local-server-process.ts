import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs'
import { entryPointArgs } from '../support/entry-bundles.js'

const ROOT = new URL('../../', import.meta.url).pathname
const START_TIMEOUT_MS = 120_000

/** `npm start`'s runtime in its own process group, so one signal reaches DynamoDB Local's JVM too. */
export interface LocalServerProcess {
  url: string
  /** Milliseconds from spawn to a 200 from /healthz. */
  startMs: number
  /** SIGKILL to the whole group (node, the sh wrapper, java); resolves once every one is gone. */
  kill(): Promise<void>
  /** SIGTERM to the group (the server's own shutdown), SIGKILL if it lingers. */
  stop(): Promise<void>
}

/**
 * Starts the server, again if it fails to (as a user would run `npm start` again): on a loaded
 * machine DynamoDB Local can miss its 30 s start-up window. `failedStarts` counts the misses.
 */
export async function startLocalServerRetrying(
  env: Record<string, string>,
  logFile: string,
  failedStarts: { count: number; last?: string },
  attempts = 3,
): Promise<LocalServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLocalServer(env, logFile)
    } catch (error) {
      failedStarts.count++
      failedStarts.last = (error as Error).message.split('\n').slice(0, 2).join(' ')
      if (attempt >= attempts) throw error
    }
  }
}

/**
 * Spawns the server of `npm start` (from the test run's bundle, see entry-bundles.ts), with
 * `env` only (no inherited settings that could point it elsewhere), its output appended to
 * `logFile`. Resolves once it listens and /healthz answers 200.
 */
export async function startLocalServer(
  env: Record<string, string>,
  logFile: string,
): Promise<LocalServerProcess> {
  const started = performance.now()
  const log = createWriteStream(logFile, { flags: 'a' })
  const child = spawn(process.execPath, entryPointArgs('functions/local/server.ts'), {
    cwd: ROOT,
    env: { ...inheritedBasics(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const group = child.pid as number
  let output = ''
  const keep = (chunk: Buffer) => {
    log.write(chunk)
    if (output.length < 64_000) output += chunk.toString('utf8')
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const killGroup = () => signalGroup(group, 'SIGKILL')
  process.once('exit', killGroup)
  const gone = async () => {
    await waitUntil(() => !groupAlive(group), 30_000, 'the server process group to end')
    await exited
    process.off('exit', killGroup)
    log.end()
  }
  try {
    const url = await listening(child, () => output)
    await waitUntil(async () => (await health(url)) === 200, 30_000, '/healthz')
    return {
      url,
      startMs: performance.now() - started,
      async kill() {
        killGroup()
        await gone()
      },
      async stop() {
        signalGroup(group, 'SIGTERM')
        const timer = setTimeout(killGroup, 20_000)
        await gone()
        clearTimeout(timer)
      },
    }
  } catch (error) {
    killGroup()
    await gone().catch(() => {})
    throw new Error(`the local server did not start: ${(error as Error).message}\n${output}`)
  }
}

/** GET /healthz: the status code, or 0 when nothing answers. */
export async function health(url: string): Promise<number> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) })
    await response.arrayBuffer()
    return response.status
  } catch {
    return 0
  }
}

function listening(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('no "Listening on" line')), START_TIMEOUT_MS)
    const onData = () => {
      const url = /Listening on (http:\/\/[\d.:]+)/.exec(output())?.[1]
      if (url) finish(undefined, url)
    }
    const onExit = (code: number | null) => finish(new Error(`exited with ${code}`))
    const finish = (error?: Error, url?: string) => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.off('exit', onExit)
      if (error) reject(error)
      else resolve(url as string)
    }
    child.stdout?.on('data', onData)
    child.once('exit', onExit)
  })
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal)
  } catch {
    // Already gone.
  }
}

/**
 * Whether a live process is left in the group. Zombies do not count: the JVM and the sh wrapper
 * are reparented when node dies, and a container's init may be slow to reap them (or never).
 */
function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0)
  } catch {
    return false
  }
  if (!existsSync('/proc/self/stat')) return true
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .some((pid) => {
      try {
        // pid (comm) state ppid pgrp …; comm may hold spaces, so read after the last ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return Number(pgrp) === group && state !== 'Z'
      } catch {
        return false
      }
    })
}

async function waitUntil(
  probe: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** What a shell gives any program: where to find java and a home, nothing of the app's own. */
function inheritedBasics(): Record<string, string> {
  const basics: Record<string, string> = {}
  for (const name of ['PATH', 'HOME', 'JAVA_HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name]
    if (value !== undefined) basics[name] = value
  }
  return basics
}
