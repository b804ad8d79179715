// Lambda bundle sizes and cold-start (module init) cost (`npm run bench:bundle`).
// A script, not a test: figures are printed, never asserted. Each function is bundled by
// infra/lambda-bundle.ts, the function the CDK app ships with, beside a floor (a bare Hono
// handler with one DynamoDB client) bundled the same way.
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Metafile } from 'esbuild'
import { ASSOCIATION_CONFIG_IN_BUNDLE, associationFiles } from '../../infra/association-files.js'
import { bundleLambda, functionEntry, PROJECT_ROOT } from '../../infra/lambda-bundle.js'
import { median, printTable } from './load.js'

/** `BENCH_SMALL=1`: one cold start per function (the suite's check that the bench runs). */
const SMALL = process.env.BENCH_SMALL === '1'
const RUNS = Number(process.env.BENCH_RUNS ?? (SMALL ? 1 : 7))
const FLOOR = 'floor'
/** The association files the dev deployment ships (infra/deployments/dev.json). */
const ASSOCIATION = join(PROJECT_ROOT, 'infra', 'deployments', 'dev.association.json')
const ENTRIES: { name: string; path: string; target?: Target }[] = [
  { name: FLOOR, path: fileURLToPath(new URL('./floor-lambda.ts', import.meta.url)) },
  { name: 'ingest', path: functionEntry('ingest'), target: { bytes: 300_000, initRatio: 1.5 } },
  { name: 'process', path: functionEntry('process'), target: { bytes: 400_000 } },
  { name: 'number', path: functionEntry('number') },
  { name: 'deliver', path: functionEntry('deliver'), target: { bytes: 1_200_000, initRatio: 2.5 } },
  { name: 'ses-events', path: functionEntry('ses-events') },
]

interface Target {
  bytes: number
  initRatio?: number
}

// Dummy values for every setting a composition root reads at import time; no call is made.
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'AKIDBENCH',
  AWS_SECRET_ACCESS_KEY: 'bench-secret',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'bench-table',
  WEBHOOK_SECRET: 'bench-webhook-secret-0123456789',
  PROCESS_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/process',
  NUMBER_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/number.fifo',
  DELIVER_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/deliver',
  HELLOASSO_CLIENT_ID: 'bench-client-id',
  HELLOASSO_CLIENT_SECRET: 'bench-client-secret',
  // The dev association holds placeholders: only a dev stage accepts it.
  DEPLOYMENT_STAGE: 'test',
  TZ: 'UTC',
}

// Imports the bundle in a process of its own, as a cold Lambda does, and reports the CPU time
// (every thread of the process: parse, compile, GC) and the wall time of that import alone;
// then the CPU time of reading every chunk it loads only on demand (fontkit, the PDF renderer),
// which the first message that needs them pays instead.
const IMPORT_SCRIPT = `
const cpu = process.cpuUsage()
const started = performance.now()
await import(process.env.BUNDLE_URL)
const used = process.cpuUsage(cpu)
const wallMs = performance.now() - started
const lazyCpu = process.cpuUsage()
for (const chunk of JSON.parse(process.env.LAZY_CHUNKS)) await import(chunk)
const lazy = process.cpuUsage(lazyCpu)
process.stdout.write(JSON.stringify({
  cpuMs: (used.user + used.system) / 1000,
  wallMs,
  lazyCpuMs: (lazy.user + lazy.system) / 1000,
}))
process.exit(0)
`

interface Init {
  cpuMs: number
  wallMs: number
  /** Reading the chunks loaded on demand, after the init. */
  lazyCpuMs: number
}

interface Measured {
  name: string
  target?: Target
  /** index.mjs and the chunks it imports statically: what a cold start reads. */
  initBytes: number
  initGzip: number
  /** Every .mjs shipped, lazily loaded chunks included. */
  allBytes: number
  inits: Init[]
  largest: string
}

async function main(): Promise<void> {
  const outRoot = await mkdtemp(join(tmpdir(), 'bundle-bench-'))
  const measured: Measured[] = []
  try {
    for (const entry of ENTRIES) measured.push(await measure(entry, join(outRoot, entry.name)))
  } finally {
    await rm(outRoot, { recursive: true, force: true })
  }
  report(measured)
}

async function measure(entry: (typeof ENTRIES)[number], outDir: string): Promise<Measured> {
  const metafile = bundleLambda(entry.path, outDir, associationFiles(ASSOCIATION))
  const outputs = Object.keys(metafile.outputs).filter((path) => path.endsWith('.mjs'))
  const index = outputs.find((path) => path.endsWith('/index.mjs'))
  if (!index) throw new Error(`${entry.name}: esbuild wrote no index.mjs`)
  const initFiles = staticClosure(metafile, index)
  const initCode = Buffer.concat(
    await Promise.all(initFiles.map((path) => readFile(resolve(PROJECT_ROOT, path)))),
  )
  const lazy = outputs
    .filter((path) => !initFiles.includes(path))
    .map((path) => pathToFileURL(resolve(PROJECT_ROOT, path)).href)
  const inits: Init[] = []
  for (let run = 0; run < RUNS; run++) inits.push(await importOnce(join(outDir, 'index.mjs'), lazy))
  return {
    name: entry.name,
    ...(entry.target ? { target: entry.target } : {}),
    initBytes: initCode.length,
    initGzip: gzipSync(initCode).length,
    allBytes: outputs.reduce((total, path) => total + (metafile.outputs[path]?.bytes ?? 0), 0),
    inits,
    largest: largestPackages(metafile, initFiles),
  }
}

/** The output file and every chunk it reaches through static imports. */
function staticClosure(metafile: Metafile, start: string): string[] {
  const seen = new Set([start])
  for (const path of seen) {
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && metafile.outputs[imported.path])
        seen.add(imported.path)
    }
  }
  return [...seen]
}

function importOnce(bundle: string, lazyChunks: string[]): Promise<Init> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...LAMBDA_ENV }
  env.BUNDLE_URL = pathToFileURL(bundle).href
  env.ASSOCIATION_CONFIG = join(dirname(bundle), ASSOCIATION_CONFIG_IN_BUNDLE)
  env.LAZY_CHUNKS = JSON.stringify(lazyChunks)
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
      if (code === 0) resolve(JSON.parse(stdout) as Init)
      else reject(new Error(`init failed (exit ${code}): ${stderr.trim().split('\n').at(-1)}`))
    })
  })
}

/** The biggest contributors by package among the files a cold start reads. */
function largestPackages(metafile: Metafile, files: string[], count = 5): string {
  const sizes = new Map<string, number>()
  for (const file of files) {
    for (const [path, input] of Object.entries(metafile.outputs[file]?.inputs ?? {})) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? '(project)'
      sizes.set(name, (sizes.get(name) ?? 0) + input.bytesInOutput)
    }
  }
  return [...sizes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`)
    .join(', ')
}

function report(measured: Measured[]): void {
  const floorCpu = median(measured.find((m) => m.name === FLOOR)?.inits.map((i) => i.cpuMs) ?? [])
  printTable(
    measured.map((m) => {
      const cpu = median(m.inits.map((i) => i.cpuMs))
      return {
        function: m.name,
        'init bytes': m.initBytes.toLocaleString('en'),
        'init gzip': m.initGzip.toLocaleString('en'),
        'all .mjs bytes': m.allBytes.toLocaleString('en'),
        [`init CPU ms (median of ${RUNS})`]: cpu.toFixed(0),
        'init / floor (CPU)': `${(cpu / floorCpu).toFixed(2)}×`,
        'init wall ms': median(m.inits.map((i) => i.wallMs)).toFixed(0),
        'on-demand chunks CPU ms': median(m.inits.map((i) => i.lazyCpuMs)).toFixed(0),
      }
    }),
  )
  console.info('')
  for (const m of measured) console.info(`${m.name}: largest at init: ${m.largest}`)
  console.info('')
  for (const m of measured.filter((m) => m.target)) {
    const target = m.target as Target
    const ratio = median(m.inits.map((i) => i.cpuMs)) / floorCpu
    const bytesOk = m.initBytes <= target.bytes
    const ratioOk = target.initRatio === undefined || ratio <= target.initRatio
    console.info(
      `${m.name}: target init bytes ≤ ${target.bytes.toLocaleString('en')}${target.initRatio ? ` and init ≤ ${target.initRatio}× the floor` : ''}: ${bytesOk && ratioOk ? 'met' : 'NOT met'}`,
    )
  }
  console.info(
    `\nInit is the CPU time of importing the bundle in a fresh Node ${process.version} process (user + system, every thread); load average ${loadavg()[0]?.toFixed(1)} while measuring.`,
  )
}

await main()
