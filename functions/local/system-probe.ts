import { execFile, spawn } from 'node:child_process'
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { parseJavaMajorVersion, requireJava17 } from './require-java-17.js'
import type { SystemProbe } from './system-dependencies.js'

/** The real machine, looked at through `env.PATH` (a test passes a PATH without some program). */
export function createSystemProbe(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SystemProbe {
  const which = (command: string) => findOnPath(command, env.PATH ?? '')
  return {
    which,
    javaMajor: () => {
      // This process's own PATH: the answer is cached for DynamoDB Local's start, one JVM less.
      if (env === process.env)
        return requireJava17().then(
          (major) => major,
          () => undefined,
        )
      const java = which('java')
      return java ? javaMajorOf(java) : Promise.resolve(undefined)
    },
    isRoot: () => process.getuid?.() === 0,
    os: () => (process.platform === 'darwin' ? 'macos' : linuxFamily()),
    run: (command, args) =>
      new Promise((resolve) => {
        const child = spawn(command, args, {
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
        })
        child.once('error', () => resolve(127))
        child.once('exit', (code) => resolve(code ?? 1))
      }),
    say: (line) => console.info(line),
  }
}

export function findOnPath(command: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, command)
    try {
      if (!statSync(candidate).isFile()) continue
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not there, or not executable: try the next directory
    }
  }
  return undefined
}

function javaMajorOf(java: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(java, ['-version'], { timeout: 15_000 }, (_error, stdout, stderr) =>
      resolve(parseJavaMajorVersion(`${stderr}${stdout}`)),
    )
  })
}

/** Debian and its derivatives (Ubuntu…) say so in os-release's ID or ID_LIKE. */
function linuxFamily(): 'debian' | 'other' {
  try {
    const release = readFileSync('/etc/os-release', 'utf8')
    return /^ID(_LIKE)?=.*\b(debian|ubuntu)\b/m.test(release) ? 'debian' : 'other'
  } catch {
    return 'other'
  }
}
