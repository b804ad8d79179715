import * as z from 'zod'
import { parisIsoDay } from '../../shared/domain/paris-time.js'
import { AppError } from '../../shared/errors.js'
import { yearNotOver } from '../../shared/jobs/annual/annual-job.js'
import { writeArchive } from '../../shared/jobs/archive/write-archive.js'
import { buildDeclaration } from '../../shared/jobs/declaration/build-declaration.js'
import { fanOutRun } from '../../shared/jobs/fan-out-run.js'
import type { JobChunkMessage } from '../../shared/jobs/job-chunk-message.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import { chunkedJobs, YearParamsSchema } from '../../shared/jobs/job-registry.js'
import { oldestPendingAges, PENDING_AGE_METRICS } from '../../shared/jobs/pending-age.js'
import { reconcile } from '../../shared/jobs/reconcile/reconcile.js'
import { requeuePendingWork } from '../../shared/jobs/requeue-pending-work.js'
import type { PublishMetric } from '../../shared/metrics.js'
import { reviewConfigDrift } from '../../shared/onboarding/review-config-drift.js'

/**
 * What EventBridge Scheduler (nightly reconciliation, the re-queue every 15 minutes) or an operator (`aws lambda invoke`)
 * asks the jobs function to do. Checked before anything runs: a bad payload changes nothing.
 */
export const ScheduledCommandSchema = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('reconcile'),
    since: z.iso.date().optional(),
    until: z.iso.date().optional(),
  }),
  z.object({
    command: z.literal('start'),
    job: z.enum(['regenerate', 'resend', 'annual']),
    ...YearParamsSchema.shape,
  }),
  z.object({ command: z.enum(['declaration', 'archive']), ...YearParamsSchema.shape }),
  z.object({ command: z.literal('requeue') }),
])
export type ScheduledCommand = z.infer<typeof ScheduledCommandSchema>

export interface ScheduledCommandDeps {
  jobs: JobDeps
  lookbackDays: number
  /** Sends chunk messages to the lane's queue. */
  sendChunks: (lane: 'parallel' | 'serial', messages: JobChunkMessage[]) => Promise<void>
  /** Publishes a figure for an alarm (CloudWatch on AWS). */
  publishMetric?: PublishMetric
}

/** Runs one command and returns a summary (ids and figures only: it ends up in logs). */
export async function runScheduledCommand(
  deps: ScheduledCommandDeps,
  event: unknown,
): Promise<Record<string, unknown>> {
  const parsed = ScheduledCommandSchema.safeParse(event)
  if (!parsed.success) {
    throw new AppError('input.invalid', `invalid job command: ${z.prettifyError(parsed.error)}`)
  }
  const command = parsed.data
  switch (command.command) {
    case 'reconcile': {
      const since = command.since ?? lookbackStart(deps.jobs.process.now(), deps.lookbackDays)
      const report = await reconcile(deps.jobs, {
        since,
        ...(command.until ? { until: command.until } : {}),
      })
      // A form changed on HelloAsso since the configuration was written: a review item says what.
      const configCheck = await reviewConfigDrift(deps.jobs.process)
      return { command: 'reconcile', since, ...report.counts, configCheck }
    }
    case 'requeue': {
      // Its own schedule (every 15 minutes): a failed or disabled reconciliation never leaves
      // acknowledged work behind. The ages are read first: what was stuck before this run.
      const ages = await oldestPendingAges(deps.jobs)
      for (const [lane, seconds] of Object.entries(ages))
        deps.publishMetric?.(PENDING_AGE_METRICS[lane as keyof typeof ages], seconds, 'Seconds')
      const requeued = await requeuePendingWork(deps.jobs)
      return {
        command: 'requeue',
        requeued,
        oldestNotificationSeconds: ages.notifications,
        oldestDraftSeconds: ages.drafts,
        oldestDeliverySeconds: ages.deliveries,
      }
    }
    case 'start': {
      const notOver =
        command.job === 'annual' ? yearNotOver(command.year, deps.jobs.process.now()) : undefined
      if (notOver) throw new AppError('input.invalid', `annual not started: ${notOver}`)
      const { definition, lane } = chunkedJobs[command.job]
      const { run, sent } = await fanOutRun(
        deps.jobs,
        definition,
        { year: command.year },
        (messages) => deps.sendChunks(lane, messages),
      )
      return { command: 'start', job: command.job, year: command.year, run: run.run, chunks: sent }
    }
    case 'declaration': {
      const report = await buildDeclaration(deps.jobs, command.year)
      return {
        command: 'declaration',
        year: command.year,
        receipts: report.receipts,
        checksOk: report.ok,
        files: report.files,
      }
    }
    case 'archive': {
      const report = await writeArchive(deps.jobs, command.year)
      return {
        command: 'archive',
        year: command.year,
        receipts: report.receipts,
        path: report.path,
        checksOk: report.checksOk,
      }
    }
  }
}

function lookbackStart(now: Date, days: number): string {
  return parisIsoDay(new Date(now.getTime() - days * 86_400_000).toISOString())
}
