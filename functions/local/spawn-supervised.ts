import { type ChildProcess, spawn } from 'node:child_process'

export interface SupervisedProcess {
  /** The program's own pid (not the shell's), once known. */
  pid(): number | undefined
  exited: Promise<void>
  hasExited(): boolean
  exitSummary(): string
  /** The last few KiB of stdout and stderr, interleaved: what goes into error messages. */
  output(): string
  /** Lets the parent exit while the program runs; the program then goes down with it. */
  unref(): void
  /** SIGTERM, then SIGKILL after the grace period; resolves once the program is gone. */
  stop(): Promise<void>
}

export interface SuperviseOptions {
  cwd: string
  graceMs?: number
  outputTailChars?: number
}

/**
 * A small sh wrapper ties the program's life to a pipe from this process. When this process
 * ends in any way, SIGKILL and crashes included, the kernel closes the pipe, the wrapper reads
 * EOF and terminates the program: no orphan JVM keeps a port and 200 MB after a killed test run.
 * The wrapper exits with the program's status.
 */
const WRAPPER = `
exec 3<&0 </dev/null
"$@" 3<&- &
pid=$!
echo "supervised-pid:$pid"
(read -r _ <&3 || true; kill -TERM "$pid" 2>/dev/null) &
watcher=$!
exec 3<&-
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
status=0
while kill -0 "$pid" 2>/dev/null; do wait "$pid"; status=$?; done
kill "$watcher" 2>/dev/null
exit "$status"
`

const live = new Set<() => void>()
let exitHookInstalled = false

export function spawnSupervised(
  command: string,
  args: readonly string[],
  options: SuperviseOptions,
): SupervisedProcess {
  const child = spawn('/bin/sh', ['-c', WRAPPER, 'supervised', command, ...args], {
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const tailChars = options.outputTailChars ?? 4_000
  let tail = ''
  let programPid: number | undefined
  const keepTail = (chunk: Buffer) => {
    let text = chunk.toString('utf8')
    if (programPid === undefined) {
      const match = /^supervised-pid:(\d+)\n/m.exec(text)
      if (match) {
        programPid = Number(match[1])
        text = text.replace(match[0], '')
      }
    }
    tail = (tail + text).slice(-tailChars)
  }
  child.stdout?.on('data', keepTail)
  child.stderr?.on('data', keepTail)
  // The wrapper's read end sees EOF on stop() or when this process dies; nothing is written.
  child.stdin?.on('error', () => {})

  let summary: string | undefined
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      summary = signal ? `signal ${signal}` : `exit code ${code}`
      resolveExit()
    })
    child.once('error', (error) => {
      summary ??= error.message
      resolveExit()
    })
  })
  const killNow = () => signal(child, programPid, 'SIGKILL')
  const terminate = () => signal(child, programPid, 'SIGTERM')
  live.add(terminate)
  void exited.then(() => live.delete(terminate))
  installExitHook()

  let stopping: Promise<void> | undefined
  return {
    pid: () => programPid,
    exited,
    hasExited: () => summary !== undefined,
    exitSummary: () => summary ?? 'running',
    output: () => tail,
    unref() {
      child.unref()
      for (const stream of [child.stdin, child.stdout, child.stderr]) {
        ;(stream as unknown as { unref?: () => void } | null)?.unref?.()
      }
    },
    stop() {
      stopping ??= (async () => {
        if (summary !== undefined) return
        child.ref() // stay alive until the exit event arrives
        child.stdin?.destroy() // the wrapper's watcher sends SIGTERM
        signal(child, programPid, 'SIGTERM')
        const timer = setTimeout(killNow, options.graceMs ?? 5_000)
        await exited
        clearTimeout(timer)
      })()
      return stopping
    },
  }
}

function signal(child: ChildProcess, programPid: number | undefined, name: NodeJS.Signals): void {
  if (programPid !== undefined) {
    try {
      process.kill(programPid, name)
    } catch {
      // Already gone.
    }
  }
  if (name === 'SIGKILL') child.kill(name)
}

/**
 * On a normal exit the pipe closes too, but only once this process is gone: be quicker.
 * 'exit' handlers run synchronously, so this only sends the signal.
 */
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const terminate of live) terminate()
  })
}
