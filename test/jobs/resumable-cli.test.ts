import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { defaultAssociationConfig } from '../../shared/config/default-association-config.js'
import { doneChunkIds, latestRun } from '../../shared/jobs/job-run-store.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { seedReceipts } from '../support/seed-receipts.js'

/**
 * `npm run receipts -- regenerate` as a treasurer runs it: a real process, killed without
 * warning halfway through, then run again. The second run must resume, not start over, and
 * every item must be counted exactly once.
 */
const ROOT = new URL('../../', import.meta.url).pathname
const RECEIPTS = 1_000
const YEAR = 2025

let table: TableContext
let dataDir: string
let env: Record<string, string>

beforeAll(async () => {
  const endpoint = inject('dynamoEndpoint')
  const { client, doc } = createDynamoDbClients({ endpoint, region: 'eu-west-3' })
  const tableName = `test-${randomUUID()}`
  await ensureTable(client, tableName)
  table = { doc, tableName, orgId: defaultAssociationConfig.id }
  await seedReceipts(table, { year: YEAR, count: RECEIPTS })
  dataDir = await mkdtemp(join(tmpdir(), 'jobs-cli-'))
  env = { DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName, DATA_DIR: dataDir }
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

function runCli(args: string[]): {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
} {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/jobs/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  return { child, output: () => output, exited }
}

describe('a job killed halfway and run again', () => {
  it('resumes and finishes with every receipt done exactly once', async () => {
    const first = runCli(['regenerate', '--year', String(YEAR)])
    // Kill -9 as soon as about half of the receipts are recorded: no chance to clean up.
    const deadline = Date.now() + 120_000
    let doneAtKill = 0
    while (Date.now() < deadline) {
      const run = await latestRun(table, 'regenerate', String(YEAR))
      if (run && run.doneItems >= RECEIPTS / 2) {
        first.child.kill('SIGKILL')
        doneAtKill = run.doneItems
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await first.exited).toBeNull()
    expect(doneAtKill).toBeGreaterThanOrEqual(RECEIPTS / 2)
    const stopped = await latestRun(table, 'regenerate', String(YEAR))
    expect(stopped?.status).toBe('running')
    expect(stopped?.doneItems).toBeLessThan(RECEIPTS)

    const second = runCli(['regenerate', '--year', String(YEAR)])
    expect(await second.exited).toBe(0)
    expect(second.output()).toMatch(/resuming, \d[\d ]* already done/)
    expect(second.output()).toContain(`regenerate ${YEAR} (run 1, resumed): done, 1000/1000 items`)

    const run = await latestRun(table, 'regenerate', String(YEAR))
    expect(run).toMatchObject({ run: 1, status: 'done', doneItems: RECEIPTS })
    // Counts land with each chunk's record, once: a chunk redone after the kill adds nothing.
    expect(run?.counts).toEqual({ written: RECEIPTS, 'never-sent': RECEIPTS })
    expect((await doneChunkIds(table, run as NonNullable<typeof run>)).size).toBe(
      run?.chunks.length,
    )
    const files = await readdir(join(dataDir, 'jobs', 'receipts', String(YEAR)))
    expect(files.filter((name) => name.endsWith('.pdf'))).toHaveLength(RECEIPTS)
    expect(files.filter((name) => name.endsWith('.partial'))).toEqual([])
  }, 180_000)
})
