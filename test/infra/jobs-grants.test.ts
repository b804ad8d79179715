import { describe, expect, it } from 'vitest'
import { runScheduledCommand } from '../../functions/jobs/scheduled-command.js'
import { createJobChunkHandler } from '../../shared/jobs/job-chunk-handler.js'
import type { JobChunkMessage } from '../../shared/jobs/job-chunk-message.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import { silentLogger } from '../../shared/log.js'
import { latestRun } from '../../shared/store/job-run-store.js'
import { saveNotification } from '../../shared/store/notification-store.js'
import { enableReceiptSigning } from '../../shared/verification/enable-receipt-signing.js'
import { generateSigningKeyPem } from '../../shared/verification/signing-key.js'
import { ANNUAL, aCompanyPayment, aDonation, pay } from '../jobs/annual-orders.js'
import { loadFixture, loadFixtureText, orderFromNotification } from '../support/fixtures.js'
import {
  type CurrentTestRuntime,
  useFakeHelloAsso,
  useTestRuntime,
} from '../support/flow-harness.js'
import { withIds } from '../support/order-variants.js'
import { storySteps } from '../support/story-steps.js'
import { notGranted, recordingTable } from './support/recorded-actions.js'

/**
 * The Jobs and JobsWorker roles must allow every DynamoDB action their commands send: a call a
 * role lacks fails on AWS only (AccessDenied), while every local test passes. Each Lambda's
 * cold start and commands run here through the entry its handler calls, on a table whose client
 * records what it sends, after the data they work on was written unrecorded through the real
 * flow. One record per Lambda: the worker's chunks run with the worker's.
 *
 * What runs on AWS: Jobs (scheduled-lambda.ts → runScheduledCommand) reconciles (with the
 * nightly check of the HelloAsso forms), re-queues, purges, records the tax-rules confirmation,
 * plans and fans out `annual`, `regenerate` and `resend`, builds the declaration and the
 * archive; JobsWorker (worker-lambda.ts → createJobChunkHandler) works those chunks. The local
 * CLI alone runs `index-members` (a table Scan over memberships recorded before the members
 * list), `setup`, `check-config`, `config`, `verifier`, `tax-rules` without `--confirm` and
 * `annual --dry-run`: they read local data and need no AWS grant. So the only table Scan sent
 * on AWS is the purge's (old review items), from Jobs; the worker sends none.
 */
type Lambda = 'Jobs' | 'JobsWorker'

const FIXTURE_01 = '01_order_membership_individual_50eur_with_tip'
const PAYMENT_01 = 149300101
/** The data are written late in the tax year, the yearly jobs run once it is over. */
const SEEDED_AT = Date.UTC(2025, 11, 15, 10)
const JOBS_RUN_AT = Date.UTC(2026, 1, 2, 9)
/** Six years later: the receipts of 2025 and what came in that year are past retention. */
const PURGED_AT = Date.UTC(2032, 2, 1, 9)

let clock = SEEDED_AT
const { fake } = useFakeHelloAsso()

/** One deployment's secrets: every signer publishes its key at cold start and seals with it. */
const SIGNING = { signingKey: generateSigningKeyPem(), publicBaseUrl: 'https://recus.example.org' }
const RUNTIME_ENV = {
  RECEIPT_SIGNING_KEY: SIGNING.signingKey,
  PUBLIC_BASE_URL: SIGNING.publicBaseUrl,
}

/**
 * The two Lambdas as their cold start composes them (awsJobDeps, withReceiptSigning), each on
 * a table recording into its own set. What they queue leaves for other Lambdas on AWS: here it
 * goes nowhere, but the chunks, which `runYearly` hands to the worker as SQS would.
 */
async function jobsLambdas(jobs: JobDeps) {
  const sent: Record<Lambda, Set<string>> = { Jobs: new Set(), JobsWorker: new Set() }
  const depsOf = async (lambda: Lambda): Promise<JobDeps> => ({
    ...jobs,
    process: {
      ...jobs.process,
      table: await enableReceiptSigning(recordingTable(jobs.process.table, sent[lambda]), {
        ...SIGNING,
        now: jobs.process.now,
      }),
      queue: { send: async () => {} },
    },
  })
  const chunks: JobChunkMessage[] = []
  const jobsDeps = {
    jobs: await depsOf('Jobs'),
    lookbackDays: 400,
    sendChunks: async (_lane: string, messages: JobChunkMessage[]) => void chunks.push(...messages),
  }
  const worker = createJobChunkHandler(await depsOf('JobsWorker'), silentLogger)
  const invoke = (event: Record<string, unknown>) => runScheduledCommand(jobsDeps, event)
  return {
    sent,
    /** Invokes Jobs with `event`, as its schedules or an operator do. */
    invoke,
    /** Starts a yearly job on Jobs, the worker works its chunks; returns the run as it ends. */
    async runYearly(job: 'annual' | 'regenerate' | 'resend', year: number) {
      await invoke({ command: 'start', job, year })
      const Records = chunks.splice(0).map((message, i) => ({
        messageId: `m${i}`,
        body: JSON.stringify(message),
      }))
      expect(await worker({ Records })).toEqual({ batchItemFailures: [] })
      return latestRun(jobs.process.table, job, String(year))
    },
  }
}

/** Both Lambdas at once, so a failure names every missing action of each. */
function expectAllGranted(sent: Record<Lambda, Set<string>>): void {
  expect({
    Jobs: notGranted('Jobs', sent.Jobs),
    JobsWorker: notGranted('JobsWorker', sent.JobsWorker),
  }).toEqual({ Jobs: [], JobsWorker: [] })
}

describe('the jobs roles allow the DynamoDB actions their commands send', () => {
  describe('a year of per-payment receipts', () => {
    const t = useTestRuntime({ env: RUNTIME_ENV, now: () => new Date(clock) })

    it('re-queue, reconcile, regenerate, resend, declaration, archive, then the purge', async () => {
      await aYearOfReceipts(t)
      const { sent, invoke, runYearly } = await jobsLambdas(t.runtime.jobs)
      clock = JOBS_RUN_AT

      expect(await invoke({ command: 'requeue' })).toMatchObject({ requeued: 1 })
      expect(
        await invoke({ command: 'reconcile', since: '2025-01-01', until: '2025-12-31' }),
      ).toMatchObject({
        processed: 2,
        receiptsIssued: 1,
        receiptsCancelled: 1,
        // The fake HelloAsso has none of the configured forms: the nightly check says so.
        configCheck: 'opened',
      })
      expect(await runYearly('regenerate', 2025)).toMatchObject({ counts: { written: 3 } })
      expect(await runYearly('resend', 2025)).toMatchObject({ counts: { sent: 2 } })
      expect(await invoke({ command: 'declaration', year: 2025 })).toMatchObject({ receipts: 3 })
      expect(await invoke({ command: 'archive', year: 2025 })).toMatchObject({ receipts: 3 })
      clock = PURGED_AT
      expect(await invoke({ command: 'purge', beforeYear: 2026 })).toMatchObject({
        receipts: 3,
        reviews: 1,
        notifications: 4,
      })

      // The sweep numbered a receipt in a transaction; the purge scanned for old review items.
      expect(sent.Jobs).toContain('dynamodb:ConditionCheckItem')
      expect(sent.Jobs).toContain('dynamodb:Scan')
      expectAllGranted(sent)
    })
  })

  describe('a year of the annual policy', () => {
    const t = useTestRuntime({
      config: ANNUAL,
      env: RUNTIME_ENV,
      now: () => new Date(clock),
    })

    it('the tax rules confirmed, then the summary receipts issued by the worker', async () => {
      clock = SEEDED_AT
      await pay(
        fake,
        t,
        aDonation('2025-03-10T10:00:00.0000000+01:00', 3000),
        aDonation('2025-06-01T18:30:00.0000000+02:00', 4550),
        aCompanyPayment('2025-05-20T09:00:00.0000000+02:00'),
      )
      const { sent, invoke, runYearly } = await jobsLambdas(t.runtime.jobs)
      clock = JOBS_RUN_AT

      await invoke({ command: 'confirm-tax-rules', year: 2025, by: 'Claire Exemple' })
      expect(await runYearly('annual', 2025)).toMatchObject({
        status: 'done',
        counts: { issued: 2, payments: 3 },
      })
      // Each summary receipt is numbered in a transaction of the worker.
      expect(sent.JobsWorker).toContain('dynamodb:ConditionCheckItem')
      expectAllGranted(sent)
    })
  })
})

/**
 * Two receipts of 2025 and a payment in review (no postal address), all notified; a notification
 * recorded but never queued; on HelloAsso, an order never notified and a refund never notified.
 */
async function aYearOfReceipts(t: CurrentTestRuntime): Promise<void> {
  clock = SEEDED_AT
  const { deliver } = storySteps(fake, t)
  await deliver(FIXTURE_01)
  await deliver('02_order_membership_reduced_25eur')
  await deliver('14_order_membership_payer_without_address')
  await saveNotification(t.runtime.table, {
    id: 'lost-in-queue',
    receivedAt: new Date(SEEDED_AT).toISOString(),
    rawBody: loadFixtureText('12_order_membership_discount_code'),
    contentType: 'application/json',
    eventType: 'Order',
    status: 'received',
  })
  const neverNotified = withIds(
    orderFromNotification(loadFixture(FIXTURE_01)),
    158_300_001,
    1e6,
    1e6,
  )
  fake.putOrder(neverNotified)
  fake.setPaymentState(PAYMENT_01, 'Refunded', {
    refundOperations: [{ id: 1, amount: 5000, amountTip: 500, status: 'Processed' }],
  })
}
