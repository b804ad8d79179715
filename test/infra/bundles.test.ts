import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadAssociationConfig } from '../../shared/config/load-association-config.js'
import { validatedAssociationConfigJson } from '../../shared/config/validated-association-config.js'
import {
  bundledFontFileName,
  type EmbeddedFontName,
  FONT_MODULE_PATHS,
} from '../../shared/receipts/pdf/fonts/font-sources.js'
import { type SynthesizedApp, synthApp } from './support/synth-app.js'

/**
 * The Lambda bundles as `cdk synth` builds them (infra/lambda-bundle.ts, local esbuild), read
 * from the cloud assembly: sizes reported, the code a cold start reads kept within its budget,
 * the data files shipped beside index.mjs, and every bundle importable as the runtime would
 * import it.
 */
/** Bytes of index.mjs and the chunks it imports statically (issue 17's targets). */
const COLD_START_BUDGET: Record<string, number> = {
  Ingest: 300_000,
  Process: 400_000,
  Deliver: 1_200_000,
}

let synth: SynthesizedApp
const assetDirs: Record<string, string> = {}

// Eight functions bundled by esbuild: well over the default hook timeout on a busy machine.
beforeAll(() => {
  synth = synthApp({ bundle: true })
  const functions = synth.serviceTemplate.findResources('AWS::Lambda::Function')
  for (const [id, fn] of Object.entries(functions)) {
    const name = /^(\w+?)Function[0-9A-F]{8}$/.exec(id)?.[1]
    const asset = fn.Metadata?.['aws:asset:path'] as string | undefined
    if (name && asset) assetDirs[name] = join(synth.outdir, asset)
  }
}, 240_000)

const size = (path: string) => statSync(path).size
const dirSize = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (total, entry) =>
      total + (entry.isDirectory() ? dirSize(join(dir, entry.name)) : size(join(dir, entry.name))),
    0,
  )
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`

/** The chunks a bundle file imports: statically only, or on demand (`import("./x.mjs")`) too. */
function chunkImports(code: string, onDemand = false): string[] {
  const pattern = onDemand
    ? /(?:from|import)\s*\(?"\.\/([^"]+\.mjs)"/g
    : /(?:from|import)\s*"\.\/([^"]+\.mjs)"/g
  return [...code.matchAll(pattern)].map((match) => match[1] as string)
}

/** index.mjs and every chunk it reaches through static imports: what a cold start reads. */
function coldStartFiles(dir: string): string[] {
  const files = new Set(['index.mjs'])
  for (const file of files)
    for (const imported of chunkImports(readFileSync(join(dir, file), 'utf8'))) files.add(imported)
  return [...files]
}

const coldStartEnv = (dir: string): Record<string, string | undefined> => ({
  PATH: process.env.PATH,
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: 'test-secret',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'table',
  ASSOCIATION_CONFIG: join(dir, 'association', 'association.json'),
  // The test deployment ships dev.association.json (placeholders): a dev stage.
  DEPLOYMENT_STAGE: 'test',
  PROCESS_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/process',
  NUMBER_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/number.fifo',
  DELIVER_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/123456789012/deliver',
  // Plain values: the Secrets Manager path is the loader's unit test.
  WEBHOOK_SECRET: 'webhook-secret',
  HELLOASSO_CLIENT_ID: 'client',
  HELLOASSO_CLIENT_SECRET: 'secret',
  // The staff app checks its sign-in settings at start; no call is made before a request.
  STAFF_SESSION_KEY: 'k'.repeat(48),
  COGNITO_USER_POOL_ID: 'eu-west-3_AbCdEf123',
  COGNITO_CLIENT_ID: 'staff-client',
  COGNITO_DOMAIN: 'recus-test.auth.eu-west-3.amazoncognito.com',
  STAFF_BASE_URL: 'https://abc123.execute-api.eu-west-3.amazonaws.com',
  // The jobs write to the archive bucket; no call is made before an event.
  ARCHIVE_BUCKET: 'archive-bucket',
})

describe('Lambda bundles', () => {
  it('builds one asset per function and reports their sizes', () => {
    expect(Object.keys(assetDirs).sort()).toEqual([
      'Deliver',
      'Ingest',
      'Jobs',
      'JobsWorker',
      'Number',
      'Process',
      'PublicPages',
      'SesEvents',
      'StaffApp',
    ])
    const rows = Object.entries(assetDirs).map(([name, dir]) => ({
      function: name,
      'read at cold start': kb(
        coldStartFiles(dir).reduce((total, file) => total + size(join(dir, file)), 0),
      ),
      'index.mjs': kb(size(join(dir, 'index.mjs'))),
      'index.mjs.map': kb(size(join(dir, 'index.mjs.map'))),
      'whole asset': kb(dirSize(dir)),
    }))
    console.info(rows)
  })

  it.each(Object.entries(COLD_START_BUDGET))(
    '%s: the code a cold start reads stays within %i bytes',
    (name, budget) => {
      const dir = assetDirs[name] as string
      const read = coldStartFiles(dir).reduce((total, file) => total + size(join(dir, file)), 0)
      expect(read).toBeLessThanOrEqual(budget)
    },
  )

  it('keeps fontkit (0.9 MB) out of every cold start: a chunk read by the first receipt rendered', () => {
    for (const [name, dir] of Object.entries(assetDirs)) {
      const atStart = coldStartFiles(dir).map((file) => readFileSync(join(dir, file), 'utf8'))
      expect(
        atStart.some((code) => code.includes('Unknown font format')),
        name,
      ).toBe(false)
    }
    const deliver = assetDirs.Deliver as string
    const lazy = readdirSync(deliver).filter((file) => file.endsWith('.mjs'))
    expect(
      lazy.some((file) =>
        readFileSync(join(deliver, file), 'utf8').includes('Unknown font format'),
      ),
    ).toBe(true)
  })

  it('ships every chunk that a bundle imports, statically or on demand', () => {
    for (const [name, dir] of Object.entries(assetDirs)) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs'))) {
        for (const imported of chunkImports(readFileSync(join(dir, file), 'utf8'), true))
          expect(existsSync(join(dir, imported)), `${name}: ${file} imports ${imported}`).toBe(true)
      }
    }
  })

  it('ships the association config as the schema parsed it at synth, where ASSOCIATION_CONFIG points', () => {
    const expected = validatedAssociationConfigJson(
      loadAssociationConfig(synth.deployment.associationConfigPath).config,
    )
    for (const dir of Object.values(assetDirs)) {
      expect(readFileSync(join(dir, 'association', 'association.json'), 'utf8')).toBe(expected)
    }
  })

  it.each(['Deliver', 'StaffApp', 'Jobs', 'JobsWorker', 'PublicPages'])(
    'ships the PDF fonts in the %s bundle, where font-files.ts looks for them',
    (fn) => {
      const dir = assetDirs[fn] as string
      for (const name of Object.keys(FONT_MODULE_PATHS) as EmbeddedFontName[]) {
        const shipped = join(dir, 'fonts', bundledFontFileName(name))
        expect(existsSync(shipped), name).toBe(true)
        expect(size(shipped)).toBeGreaterThan(100_000)
      }
    },
  )

  it('ships no fonts to the functions that render no PDF', () => {
    for (const fn of ['Ingest', 'Process', 'Number', 'SesEvents'])
      expect(existsSync(join(assetDirs[fn] as string, 'fonts')), fn).toBe(false)
  })

  it('bundles each jobs function from its own entry point in functions/jobs', () => {
    const code = (name: string) =>
      readFileSync(join(assetDirs[name] as string, 'index.mjs'), 'utf8')
    // scheduled-command.ts's refusal, the chunk handler's log event: each in one bundle only.
    expect(code('Jobs')).toContain('invalid job command')
    expect(code('Jobs')).not.toContain('job.unreadable-chunk')
    expect(code('JobsWorker')).toContain('job.unreadable-chunk')
    expect(code('JobsWorker')).not.toContain('invalid job command')
  })

  it.each([
    'Ingest',
    'Process',
    'Number',
    'Deliver',
    'SesEvents',
    'StaffApp',
    'Jobs',
    'JobsWorker',
    'PublicPages',
  ])('%s: the bundle loads as an ES module with its settings (cold start)', (name) => {
    const dir = assetDirs[name] as string
    const env = coldStartEnv(dir)
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)}); process.stdout.write(typeof m.handler)`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('function')
  })

  it('keeps the Secrets Manager client out of the public pages (they hold no secret, no key)', () => {
    const code = (name: string) =>
      readFileSync(join(assetDirs[name] as string, 'index.mjs'), 'utf8')
    expect(code('PublicPages')).toContain('recu-fiscal/verification/v1')
    // The SDK client's signing name, present in any bundle that carries it.
    expect(code('PublicPages')).not.toContain('"secretsmanager"')
    expect(code('Number')).toContain('"secretsmanager"')
  })

  it('refuses at cold start the placeholder identity on a real stage, with the local message', () => {
    const dir = assetDirs.Process as string
    const env = { ...coldStartEnv(dir), DEPLOYMENT_STAGE: 'prod' }
    const script = `await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)})`
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).not.toBe(0)
    expect(run.stderr).toContain('Les reçus réels exigent l’identité réelle de l’association')
    expect(run.stderr).toContain('association.registrationNumber')
  })
})
