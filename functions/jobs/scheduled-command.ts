import * as z from 'zod'
import { parisIsoDay } from '../../shared/domain/paris-time.js'
import { AppError } from '../../shared/errors.js'
import { yearNotOver } from '../../shared/jobs/annual/annual-job.js'
import {
  confirmYearTaxRules,
  yearTaxRulesStatus,
} from '../../shared/jobs/annual/year-tax-rules-check.js'
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
import { latestBeforeYear, purgePersonalData } from '../../shared/retention/purge-personal-data.js'

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
  /** The retention purge (off by default: its schedule is created disabled). */
  z.object({
    command: z.literal('purge'),
    beforeYear: z.number().int().min(2000).optional(),
    dryRun: z.boolean().default(false),
  }),
  // The treasurer checked the year's tax rules (docs/tax-rules.md): the annual start needs it.
  z.object({
    command: z.literal('confirm-tax-rules'),
    ...YearParamsSchema.shape,
    by: z.string().trim().min(2).max(100),
  }),
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
      if (command.job === 'annual') await requireConfirmedTaxRules(deps, command.year)
      const { definition, lane } = chunkedJobs[command.job]
      const { run, sent } = await fanOutRun(
        deps.jobs,
        definition,
        { year: command.year },
        (messages) => deps.sendChunks(lane, messages),
      )
      return { command: 'start', job: command.job, year: command.year, run: run.run, chunks: sent }
    }
    case 'confirm-tax-rules': {
      const confirmation = await confirmYearTaxRules(deps.jobs.process.table, {
        year: command.year,
        by: command.by,
        at: deps.jobs.process.now().toISOString(),
      })
      return {
        command: 'confirm-tax-rules',
        year: command.year,
        versions: confirmation.versions,
        confirmedAt: confirmation.confirmedAt,
      }
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
    case 'purge': {
      const years = deps.jobs.retention?.years ?? 6
      const latest = latestBeforeYear(deps.jobs.process.now(), years)
      const beforeYear = command.beforeYear ?? latest
      if (beforeYear > latest)
        throw new AppError('input.invalid', `purge refused: ${beforeYear - 1} is within retention`)
      // The archive bucket has no remove: its lifecycle rule expires objects after the period.
      const report = await purgePersonalData(
        {
          table: deps.jobs.process.table,
          now: deps.jobs.process.now,
          log: deps.jobs.process.log,
        },
        { beforeYear, dryRun: command.dryRun },
      )
      return {
        command: 'purge',
        beforeYear,
        dryRun: command.dryRun,
        receipts: Object.values(report.receipts).flat().length,
        reviews: report.reviews,
        notifications: report.notifications,
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

/** The summary receipts of a year wait for its tax rules to be confirmed as they are now. */
async function requireConfirmedTaxRules(deps: ScheduledCommandDeps, year: number): Promise<void> {
  const status = await yearTaxRulesStatus(deps.jobs.process.table, year)
  if (status.confirmed) return
  throw new AppError(
    'input.invalid',
    `annual not started: the tax rules of ${year} are ${status.outdated ? 'changed since they were confirmed' : 'not confirmed'}; check them (npm run receipts -- tax-rules --year ${year}, docs/tax-rules.md), then invoke {"command":"confirm-tax-rules","year":${year},"by":"<name>"}`,
  )
}

function lookbackStart(now: Date, days: number): string {
  return parisIsoDay(new Date(now.getTime() - days * 86_400_000).toISOString())
}
