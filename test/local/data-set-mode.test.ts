import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { type EntryPoint, entryPointArgs } from '../support/entry-bundles.js'
import { writeTestConfigFile } from '../support/write-test-config-file.js'

/**
 * Issue 10, point 3: a data set is verified or unverified for good. The real commands — `npm
 * start`, `npm run receipts`, `npm run dead-letters` — refuse to open one made in the other
 * mode, saying why and what to do.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const CREDENTIALS = {
  HELLOASSO_CLIENT_ID: 'client-id',
  HELLOASSO_CLIENT_SECRET: 'client-secret',
  HELLOASSO_API_URL: 'http://127.0.0.1:9/v5',
  HELLOASSO_TOKEN_URL: 'http://127.0.0.1:9/oauth2/token',
}
const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function aDataSet(): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mode-'))
  dirs.push(dataDir)
  return {
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    TABLE_NAME: `test-${randomUUID()}`,
    ASSOCIATION_CONFIG: await writeTestConfigFile(),
    PORT: '0',
  }
}

/** Runs an entry point to its end (a server is stopped once it listens). */
function run(
  script: EntryPoint,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = ''
    const child = spawn(process.execPath, [...entryPointArgs(script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const collect = (chunk: Buffer) => {
      output += chunk
      if (/Listening on/.test(output)) child.kill('SIGINT')
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.once('exit', (code) => resolve({ code, output }))
  })
}

const deadLetters = (env: Record<string, string>) =>
  run('functions/local/dead-letters-cli.ts', [], env)

describe('one mode per data set', () => {
  it('npm start with credentials refuses a data set made without them, and says what to do', async () => {
    const dataSet = await aDataSet()
    expect((await deadLetters(dataSet)).code).toBe(0)
    const verified = await run('functions/local/server.ts', [], { ...dataSet, ...CREDENTIALS })
    expect(verified.code).toBe(1)
    expect(verified.output).toMatch(/créé en mode non vérifié/)
    expect(verified.output).toMatch(/DATA_DIR/)
    expect(verified.output).not.toMatch(/Listening on/)
    // The same data set still opens in its own mode.
    expect((await run('functions/local/server.ts', [], dataSet)).code).toBe(0)
  }, 240_000)

  it('npm run receipts and dead-letters without credentials refuse a verified data set', async () => {
    const dataSet = await aDataSet()
    expect((await deadLetters({ ...dataSet, ...CREDENTIALS })).code).toBe(0)
    const receipts = await run('functions/jobs/cli.ts', ['declaration', '--year', '2025'], dataSet)
    expect(receipts.code).toBe(1)
    expect(receipts.output).toMatch(/créé en mode vérifié/)
    expect(receipts.output).toMatch(/HELLOASSO_CLIENT_ID/)
    const letters = await deadLetters(dataSet)
    expect(letters.code).toBe(1)
    expect(letters.output).toMatch(/créé en mode vérifié/)
    expect((await deadLetters({ ...dataSet, ...CREDENTIALS })).code).toBe(0)
  }, 240_000)
})
