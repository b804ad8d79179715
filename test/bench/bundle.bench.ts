// Lambda bundle sizes and module-init times (`npm run bench:bundle`).
// A script, not a test: numbers are printed, never asserted. Bundled as CDK's NodejsFunction
// would, but with the AWS SDK inside (the runtime's copy is not the pinned one), minified.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Metafile } from 'esbuild'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ENTRIES = ['ingest', 'process', 'deliver', 'ses-events'].map((name) => ({
  name,
  path: join(ROOT, 'functions', name, 'lambda.ts'),
}))
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

// Dummy values for every setting a composition root reads at import time; no call is made.
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench-secret',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'bench-table',
  WEBHOOK_SECRET: 'bench-webhook-secret-0123456789',
  PROCESS_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/process.fifo',
  NUMBER_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/number.fifo',
  DELIVER_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/deliver.fifo',
  // The built-in profile holds placeholders: only a dev stage accepts it.
  DEPLOYMENT_STAGE: 'test',
  HELLOASSO_CLIENT_ID: 'bench-client-id',
  HELLOASSO_CLIENT_SECRET: 'bench-client-secret',
  TZ: 'UTC',
}

// Imports the bundle in a process of its own, as a cold Lambda would, and prints the time.
const IMPORT_SCRIPT = `
const started = performance.now()
await import(process.env.BUNDLE_URL)
process.stdout.write(JSON.stringify({ ms: performance.now() - started }))
process.exit(0)
`

interface Row {
  name: string
  bytes?: number
  gzipBytes?: number
  initMs?: number[]
  topPackages?: string
  error?: string
}

async function main(): Promise<void> {
  const present = ENTRIES.filter((entry) => existsSync(entry.path))
  for (const missing of ENTRIES.filter((entry) => !existsSync(entry.path))) {
    console.info(`skipped ${missing.name}: ${missing.path} does not exist (yet)`)
  }
  if (present.length === 0) {
    console.info('No Lambda entry point to bundle.')
    return
  }
  const outDir = await mkdtemp(join(tmpdir(), 'bundle-bench-'))
  try {
    const rows: Row[] = []
    for (const entry of present) rows.push(await measure(entry, join(outDir, entry.name)))
    printTable(rows)
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}

async function measure(entry: { name: string; path: string }, outDir: string): Promise<Row> {
  const outfile = join(outDir, 'index.mjs')
  let metafile: Metafile
  try {
    const result = await build({
      entryPoints: [entry.path],
      outfile,
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      mainFields: ['module', 'main'],
      // CommonJS dependencies call require() for Node built-ins, which ESM lacks.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);",
      },
      metafile: true,
      logLevel: 'silent',
    })
    metafile = result.metafile
  } catch (error) {
    return { name: entry.name, error: `bundle failed: ${firstLine(error)}` }
  }
  const output = Object.values(metafile.outputs)[0]
  const code = await readFile(outfile)
  const row: Row = {
    name: entry.name,
    bytes: output?.bytes ?? code.length,
    gzipBytes: gzipSync(code).length,
    topPackages: topPackages(metafile),
  }
  try {
    const times: number[] = []
    for (let run = 0; run < RUNS; run++) times.push(await importOnce(outfile))
    row.initMs = times
  } catch (error) {
    row.error = `init failed: ${firstLine(error)}`
  }
  return row
}

function importOnce(bundle: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...LAMBDA_ENV }
  env.BUNDLE_URL = pathToFileURL(bundle).href
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', IMPORT_SCRIPT], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) {
        const thrown = stderr.split('\n').find((line) => /^\w*Error\b/.test(line))
        reject(new Error(thrown ?? (stderr.trim().split('\n').at(-1) || `exit ${code}`)))
        return
      }
      resolve((JSON.parse(stdout) as { ms: number }).ms)
    })
  })
}

/** The biggest contributors by package, the first place to look when a bundle grows. */
function topPackages(metafile: Metafile, count = 4): string {
  const sizes = new Map<string, number>()
  for (const [path, input] of Object.entries(Object.values(metafile.outputs)[0]?.inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)
    const name = match?.[1] ?? '(project)'
    sizes.set(name, (sizes.get(name) ?? 0) + input.bytesInOutput)
  }
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kib(bytes)}`)
    .join(', ')
}

function printTable(rows: Row[]): void {
  const lines = [['entry', 'bytes', 'gzip', `init median (${RUNS} runs)`, 'min–max']]
  for (const row of rows) {
    const sorted = [...(row.initMs ?? [])].sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)]
    lines.push([
      row.name,
      row.bytes === undefined ? '-' : row.bytes.toLocaleString('en'),
      row.gzipBytes === undefined ? '-' : row.gzipBytes.toLocaleString('en'),
      median === undefined ? '-' : `${median.toFixed(0)} ms`,
      sorted.length ? `${sorted[0]?.toFixed(0)}–${sorted.at(-1)?.toFixed(0)} ms` : '-',
    ])
  }
  const widths = (lines[0] ?? []).map((_, column) =>
    Math.max(...lines.map((line) => (line[column] ?? '').length)),
  )
  for (const line of lines) {
    console.info(line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '))
  }
  for (const row of rows) {
    if (row.topPackages) console.info(`${row.name}: largest: ${row.topPackages}`)
    if (row.error) console.info(`${row.name}: ${row.error}`)
  }
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''
}

await main()
