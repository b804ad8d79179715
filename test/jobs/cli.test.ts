import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

/** `npm run receipts -- …` as the treasurer types it: a real process, its output, its exit code. */
const ROOT = new URL('../../', import.meta.url).pathname
let dataDir: string

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'receipts-cli-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DYNAMODB_ENDPOINT: _, ...inherited } = process.env
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'functions/jobs/cli.ts', ...args], {
      cwd: ROOT,
      env: { ...inherited, DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('npm run receipts', () => {
  it('answers --help, help and -h with the French usage, exit 0', async () => {
    const runs = await Promise.all([cli(['--help']), cli(['help']), cli(['-h'])])
    for (const run of runs) {
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^Utilisation : npm run receipts -- <commande> \[options\]/)
      expect(run.stderr).not.toContain('Commande inconnue')
    }
  })

  it('refuses an unknown command in French with the usage, exit 64', async () => {
    const run = await cli(['erase'])
    expect(run.code).toBe(64)
    expect(run.stderr).toMatch(/^Commande inconnue : « erase »\.\n\nUtilisation :/)
  })

  it('refuses an empty data directory, naming the folder it looked in, exit 64', async () => {
    // No DYNAMODB_ENDPOINT and no server on the port: it would start DynamoDB Local on DATA_DIR.
    const run = await cli(['declaration', '--year', '2025'], {
      DYNAMODB_LOCAL_PORT: String(await freePort()),
    })
    expect(run.stderr).toContain(
      `Aucune donnée dans le dossier ${join(dataDir, 'dynamodb')} : rien à traiter.`,
    )
    expect(run.stderr).toContain('--allow-empty')
    expect(run.stdout).not.toContain('0,00')
    expect(run.code).toBe(64)
    // Refused before starting anything: no database (nor log folder) created in the wrong place.
    expect(await readdir(dataDir)).toEqual([])
  }, 120_000)

  it('an empty database is refused too, and --allow-empty runs on it', async () => {
    const endpoint = inject('dynamoEndpoint')
    const env = { DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: `test-${randomUUID()}` }
    const refused = await cli(['declaration', '--year', '2025'], env)
    expect(refused.stderr).toContain(`Aucune donnée dans la base DynamoDB ${endpoint}`)
    expect(refused.code).toBe(64)

    const allowed = await cli(['declaration', '--year', '2025', '--allow-empty'], env)
    expect(allowed.stdout.replace(/\u00a0/g, ' ')).toContain('Nombre de reçus délivrés : 0')
    expect(allowed.code).toBe(0)
  }, 120_000)
})
