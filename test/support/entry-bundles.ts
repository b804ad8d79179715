import { mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { PROJECT_ROOT } from '../../infra/lambda-bundle.js'

/**
 * The local entry points the tests start as processes, many times each: the server of
 * `npm start`, the treasurer's CLI, the dead-letter CLI.
 */
const ENTRY_POINTS = {
  server: 'functions/local/server.ts',
  'jobs-cli': 'functions/jobs/cli.ts',
  'dead-letters-cli': 'functions/local/dead-letters-cli.ts',
} as const

export type EntryPoint = (typeof ENTRY_POINTS)[keyof typeof ENTRY_POINTS]

const FOLDER_VARIABLE = 'TEST_ENTRY_BUNDLES'

/**
 * Bundles the entry points once for the run, into a folder under `parent`, and tells the test
 * processes where (they inherit the variable). Through tsx, a server took 1.0 s of CPU to
 * start, and 0.27 s from this bundle: tsx's loader resolves and transforms each of its 1 200
 * modules on a thread of its own. The tests start these processes some 30 times. The scripts users run
 * (`npm start`, `npm run receipts`) still go through tsx, and the tests of those command lines
 * as such (local-server, jobs/cli, check-system-cli) start them that way.
 */
export async function buildEntryBundles(parent: string): Promise<void> {
  const folder = mkdtempSync(join(parent, 'entry-bundles-'))
  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRY_POINTS).map(([name, source]) => [name, join(PROJECT_ROOT, source)]),
    ),
    outdir: folder,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
    },
    plugins: [keepEachModulesUrl],
    logLevel: 'warning',
  })
  process.env[FOLDER_VARIABLE] = folder
}

/**
 * `node` arguments that start `entry` from this run's bundle; outside a test run (`npm run
 * soak`), through tsx as `npm start` does.
 */
export function entryPointArgs(entry: EntryPoint): string[] {
  const folder = process.env[FOLDER_VARIABLE]
  if (!folder) return ['--import', 'tsx', entry]
  const name = Object.entries(ENTRY_POINTS).find(([, source]) => source === entry)?.[0]
  return [join(folder, `${name}.mjs`)]
}

/**
 * Each project module keeps its own `import.meta.url`, so what it finds beside itself (the
 * fonts, DynamoDB Local's jar, the examples, docs) is found as under tsx, not beside the bundle.
 */
const keepEachModulesUrl: Plugin = {
  name: 'keep-each-modules-url',
  setup(bundle) {
    bundle.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined
      const source = readFileSync(args.path, 'utf8')
      const url = JSON.stringify(pathToFileURL(args.path).href)
      return {
        contents: source.replaceAll('import.meta.url', url),
        loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts',
      }
    })
  },
}
