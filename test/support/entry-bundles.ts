import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildSync } from 'esbuild'
import { CREATE_REQUIRE_BANNER, PROJECT_ROOT } from '../../infra/lambda-bundle.js'

/**
 * The local entry points the tests start as processes, many times each: the server of
 * `npm start`, the treasurer's CLI, the dead-letter CLI.
 */
const BUNDLE_NAMES = {
  'functions/local/server.ts': 'server',
  'functions/jobs/cli.ts': 'jobs-cli',
  'functions/local/dead-letters-cli.ts': 'dead-letters-cli',
} as const

export type EntryPoint = keyof typeof BUNDLE_NAMES

const FOLDER_VARIABLE = 'TEST_ENTRY_BUNDLES'
const BUILT_MARK = 'built'

/**
 * Through tsx, a server took 1.0 s of CPU to start, and 0.27 s from an esbuild bundle of the
 * same code: tsx's loader resolves and transforms each of its 1 200 modules on a thread of its
 * own, and the tests start these processes some 30 times. So the tests start them from bundles,
 * made once per run by the first test that needs them. The scripts users run (`npm start`,
 * `npm run receipts`) still go through tsx, and the tests of those command lines as typed
 * (local-server, jobs/cli, check-system-cli, demo) start them that way.
 *
 * The folder is inside the repository: the three modules that find a file through their own
 * URL (the fonts, DynamoDB Local's jar, pdf.js) resolve it as a package, from node_modules.
 * Returns what removes it at the end of the run.
 */
export function chooseEntryBundlesFolder(): () => void {
  const folder = join(
    PROJECT_ROOT,
    'node_modules',
    '.cache',
    'test-entry-bundles',
    `${process.pid}-${Date.now()}`,
  )
  process.env[FOLDER_VARIABLE] = folder
  return () => rmSync(folder, { recursive: true, force: true })
}

/**
 * `node` arguments that start `entry` from this run's bundle; outside a test run (`npm run
 * soak`), through tsx as `npm start` does.
 */
export function entryPointArgs(entry: EntryPoint): string[] {
  const folder = process.env[FOLDER_VARIABLE]
  if (!folder) return ['--import', 'tsx', entry]
  builtOnce(folder)
  return [join(folder, `${BUNDLE_NAMES[entry]}.mjs`)]
}

/**
 * Builds the bundles into `folder` unless another test process has: making the folder is the
 * lock, the mark file says the build is complete. A run that starts none of these processes
 * (a single file, the small runs of `bench:suite`) builds nothing.
 */
function builtOnce(folder: string): void {
  const mark = join(folder, BUILT_MARK)
  if (existsSync(mark)) return
  mkdirSync(join(folder, '..'), { recursive: true })
  try {
    mkdirSync(folder)
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error
    waitForMark(mark)
    return
  }
  buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(BUNDLE_NAMES).map(([source, name]) => [name, join(PROJECT_ROOT, source)]),
    ),
    outdir: folder,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: CREATE_REQUIRE_BANNER },
    logLevel: 'warning',
  })
  writeFileSync(mark, '')
}

function waitForMark(mark: string, timeoutMs = 60_000): void {
  const deadline = Date.now() + timeoutMs
  const pause = new Int32Array(new SharedArrayBuffer(4))
  while (!existsSync(mark)) {
    if (Date.now() > deadline)
      throw new Error(`no entry bundles in ${mark}/.. after ${timeoutMs / 1000} s`)
    Atomics.wait(pause, 0, 0, 50)
  }
}
