import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { defaultAssociationConfig } from '../../shared/config/default-association-config.js'
import type { EligiblePayment } from '../../shared/domain/eligible-payment.js'
import { receiptNumber } from '../../shared/domain/receipt-number.js'
import { confirmYearTaxRules } from '../../shared/jobs/annual/year-tax-rules-check.js'
import { donorKey } from '../../shared/process/donor-key.js'
import { readCounter } from '../../shared/store/counter-store.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { recordEligiblePayment } from '../../shared/store/eligible-payment-store.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import { doneChunkIds, latestRun } from '../../shared/store/job-run-store.js'
import { listPendingWork } from '../../shared/store/pending-work.js'
import { receiptsByNumbers } from '../../shared/store/receipt-queries.js'
import type { TableContext } from '../../shared/store/table-context.js'
import { anIndividualDonor } from '../support/builders/a-receipt-snapshot.js'
import { entryPointArgs } from '../support/entry-bundles.js'
import { seedReceipts } from '../support/seed-receipts.js'

/**
 * `npm run receipts -- regenerate` as a treasurer runs it: a real process, killed without
 * warning halfway through, then run again. The second run must resume, not start over, and
 * every item must be counted exactly once.
 */
const ROOT = new URL('../../', import.meta.url).pathname
// Three regenerate chunks (REGENERATE_CHUNK_SIZE 200): the kill lands with one still to do.
const RECEIPTS = 600
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
  env = {
    DYNAMODB_ENDPOINT: endpoint,
    TABLE_NAME: tableName,
    DATA_DIR: dataDir,
    // The rerun waits out the claims the killed run held on its emails: 3 s, not the default
    // 30, are enough for a summary's render here and keep the wait short.
    DELIVERY_LEASE_MS: '3000',
  }
})

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

/** Kills the process (SIGKILL) once the run has recorded at least half of its items. */
async function killHalfway(
  cli: ReturnType<typeof runCli>,
  kind: 'regenerate' | 'annual',
  total: number,
): Promise<number> {
  const deadline = Date.now() + 120_000
  let exited: number | null | undefined
  void cli.exited.then((code) => {
    exited = code
  })
  while (Date.now() < deadline) {
    if (exited !== undefined)
      throw new Error(`${kind} ended (exit ${exited}) before half way:\n${cli.output()}`)
    const run = await latestRun(table, kind, String(YEAR))
    if (run && run.doneItems >= total / 2) {
      cli.child.kill('SIGKILL')
      return run.doneItems
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`${kind} never reached half way`)
}

function runCli(args: string[]): {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
} {
  let output = ''
  const child = spawn(process.execPath, [...entryPointArgs('functions/jobs/cli.ts'), ...args], {
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
    const doneAtKill = await killHalfway(first, 'regenerate', RECEIPTS)
    expect(await first.exited).toBeNull()
    expect(doneAtKill).toBeGreaterThanOrEqual(RECEIPTS / 2)
    const stopped = await latestRun(table, 'regenerate', String(YEAR))
    expect(stopped?.status).toBe('running')
    expect(stopped?.doneItems).toBeLessThan(RECEIPTS)

    const second = runCli(['regenerate', '--year', String(YEAR)])
    expect(await second.exited).toBe(0)
    expect(second.output()).toMatch(/reprise, \d[\d ]* déjà faits/)
    expect(second.output()).toContain(
      `regenerate ${YEAR} (exécution 1, reprise)\u00a0: terminée, ${RECEIPTS}/${RECEIPTS} éléments`,
    )

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

  it('annual: killed halfway, the rerun issues one receipt per donor, numbers with no gap', async () => {
    // Four chunks of ANNUAL_CHUNK_DONORS (25).
    const donors = 100
    const base = await readCounter(table, YEAR)
    await seedEligiblePayments(donors)
    // The treasurer confirmed the year's tax rules, as the real run asks first.
    await confirmYearTaxRules(table, {
      year: YEAR,
      by: 'Camille Exemple',
      at: new Date().toISOString(),
    })
    const first = runCli(['annual', '--year', String(YEAR)])
    await killHalfway(first, 'annual', donors)
    expect(await first.exited).toBeNull()
    const second = runCli(['annual', '--year', String(YEAR)])
    expect(await second.exited).toBe(0)
    expect(second.output()).toContain(
      `annual ${YEAR} (exécution 1, reprise)\u00a0: terminée, ${donors}/${donors} éléments`,
    )

    // The summaries continue the series after the seeded receipts: base+1 … base+donors, all there.
    expect(await readCounter(table, YEAR)).toBe(base + donors)
    const numbers = Array.from({ length: donors }, (_, i) => receiptNumber(YEAR, base + i + 1))
    const summaries = await receiptsByNumbers(table, numbers)
    expect(summaries).toHaveLength(donors)
    const covered = summaries.flatMap((r) => (r.coveredPayments ?? []).map((p) => p.paymentId))
    expect(covered).toHaveLength(2 * donors)
    expect(new Set(covered).size).toBe(2 * donors)
    expect(new Set(summaries.map((r) => r.payerEmail)).size).toBe(donors)
    expect(summaries.every((r) => r.snapshot.amountCents === 7_500)).toBe(true)
    // Every summary was emailed, or will be: an email the kill cut short mid-send keeps its
    // lease (DELIVERY_LEASE_MS) and its pending entry, and a run after the lease sends it.
    const unsent = summaries.filter((r) => r.delivery.status !== 'sent')
    expect(unsent.every((r) => r.delivery.status === 'sending')).toBe(true)
    const pending = (await listPendingWork(table)).flatMap((m) =>
      m.type === 'deliver' ? [m.receiptNumber] : [],
    )
    expect(unsent.map((r) => r.number).every((n) => pending.includes(n))).toBe(true)
    expect(summaries.length - unsent.length).toBeGreaterThanOrEqual(donors - 16)
  }, 240_000)
})

/** Two payments (50 € and 25 €) in the year for each of `count` donors, as processing records them. */
async function seedEligiblePayments(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const donor = anIndividualDonor({ lastName: `Donateur${i}`, firstNames: 'Camille' })
    const payerEmail = `donateur${i}@example.org`
    for (const [n, cents] of [5_000, 2_500].entries()) {
      const paymentId = 3_000_000 + i * 10 + n
      const record: EligiblePayment = {
        orgId: table.orgId,
        year: YEAR,
        donorKey: donorKey(donor, payerEmail),
        form: '11580',
        paymentId,
        orderId: 4_000_000 + i * 10 + n,
        paidAt: `${YEAR}-0${n + 3}-10T10:00:00+02:00`,
        paidOn: `${YEAR}-0${n + 3}-10`,
        amountCents: cents,
        paymentMethod: 'card',
        donor,
        payerEmail,
        members: [],
        provenance: {
          paymentId,
          paymentAmountCents: cents,
          tipCents: 0,
          lines: [],
          eligibleCents: cents,
        },
        verified: false,
        recordedAt: `${YEAR}-0${n + 3}-10T08:00:00.000Z`,
      }
      await recordEligiblePayment(table, record)
    }
  }
}
