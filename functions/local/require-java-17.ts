import { execFile } from 'node:child_process'
import { AppError } from '../../shared/errors.js'

const INSTALL_HINT = 'apt-get install -y openjdk-17-jre-headless'
const checked = new Map<string, Promise<number>>()

/**
 * Resolves with the Java major version, or fails with an AppError that says how to install
 * Java 17. DynamoDB Local 3.x is built for 17; an older JVM fails with an unreadable
 * UnsupportedClassVersionError, a missing one with a bare ENOENT. Checked once per process.
 */
export function requireJava17(javaPath = 'java'): Promise<number> {
  let result = checked.get(javaPath)
  if (!result) {
    result = javaMajorVersion(javaPath)
    checked.set(javaPath, result)
    result.catch(() => checked.delete(javaPath))
  }
  return result
}

function javaMajorVersion(javaPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(javaPath, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new AppError(
            'runtime.unavailable',
            `Java 17 is required to run DynamoDB Local, but "${javaPath}" was not found: ${INSTALL_HINT}`,
            { cause: error },
          ),
        )
        return
      }
      const output = `${stderr}${stdout}`
      const major = parseJavaMajorVersion(output)
      if (error || major === undefined) {
        reject(
          new AppError(
            'runtime.unavailable',
            `Could not run "${javaPath} -version" (${error?.message ?? output.trim()}); DynamoDB Local needs Java 17: ${INSTALL_HINT}`,
            { cause: error },
          ),
        )
        return
      }
      if (major < 17) {
        reject(
          new AppError(
            'runtime.unavailable',
            `Java 17 or newer is required to run DynamoDB Local, found Java ${major}: ${INSTALL_HINT}, then make it the default (update-alternatives --config java)`,
          ),
        )
        return
      }
      resolve(major)
    })
  })
}

/** `openjdk version "17.0.15"`, `java version "1.8.0_402"` (Java 8), `openjdk version "21"`. */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput)
  if (!match?.[1]) return undefined
  const first = Number(match[1])
  return first === 1 && match[2] ? Number(match[2]) : first
}
