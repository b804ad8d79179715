import { annualJob, yearNotOver } from '../../shared/jobs/annual/annual-job.js'
import { previewAnnualReceipts } from '../../shared/jobs/annual/preview-annual-receipts.js'
import { writeArchive } from '../../shared/jobs/archive/write-archive.js'
import { buildDeclaration } from '../../shared/jobs/declaration/build-declaration.js'
import type { JobDeps } from '../../shared/jobs/job-deps.js'
import { runFindings } from '../../shared/jobs/job-run-store.js'
import { createProgress } from '../../shared/jobs/progress.js'
import { reconcile } from '../../shared/jobs/reconcile/reconcile.js'
import { needsAttention } from '../../shared/jobs/reconcile/reconcile-report.js'
import { regenerateJob } from '../../shared/jobs/regenerate/regenerate-job.js'
import { yearlyResendJob } from '../../shared/jobs/regenerate/yearly-resend-job.js'
import { type JobOutcome, runJob } from '../../shared/jobs/run-job.js'
import { euros } from '../../shared/mail/french-text.js'
import type { JobCommand } from './cli-args.js'

export interface CommandIo {
  out: (line: string) => void
  progressStream: NodeJS.WriteStream
}

/** Exit codes: 0 done and clean, 2 done with findings a person must look at. */
export type ExitCode = 0 | 2

const FINDINGS_SHOWN = 20

/** Runs one job command against the given dependencies and prints its report. */
export async function runCommand(
  deps: JobDeps,
  command: JobCommand,
  io: CommandIo,
): Promise<ExitCode> {
  switch (command.command) {
    case 'regenerate':
      return regenerate(deps, command, io)
    case 'reconcile':
      return reconcileCommand(deps, command, io)
    case 'annual':
      return annual(deps, command, io)
    case 'declaration':
      return declaration(deps, command.year, io)
    case 'archive':
      return archive(deps, command.year, io)
  }
}

async function reconcileCommand(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'reconcile' }>,
  io: CommandIo,
): Promise<ExitCode> {
  const report = await reconcile(deps, {
    since: command.since,
    ...(command.until ? { until: command.until } : {}),
    progress: createProgress('reconcile', io.progressStream),
  })
  const counts = Object.entries(report.counts)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ')
  io.out(`reconcile ${command.since} → ${command.until ?? 'today'}: ${counts}`)
  for (const action of report.actions.slice(0, FINDINGS_SHOWN)) {
    const ids = [
      action.orderId && `order ${action.orderId}`,
      action.paymentId && `payment ${action.paymentId}`,
      action.receiptNumber && `receipt ${action.receiptNumber}`,
      action.reviewId && `review ${action.reviewId}`,
    ].filter(Boolean)
    io.out(`  ${action.kind} ${ids.join(', ')}${action.detail ? `: ${action.detail}` : ''}`)
  }
  if (report.actions.length > FINDINGS_SHOWN)
    io.out(`  … and ${report.actions.length - FINDINGS_SHOWN} more actions`)
  return needsAttention(report) ? 2 : 0
}

async function annual(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'annual' }>,
  io: CommandIo,
): Promise<ExitCode> {
  if (command.dryRun) {
    let donors = 0
    let total = 0
    for await (const preview of previewAnnualReceipts(deps, command.year)) {
      donors++
      total += preview.amountCents
      io.out(
        `  ${preview.form}  ${preview.donorLabel}: ${preview.paymentCount} payment(s), ${euros(preview.amountCents)}, ${preview.dateText}${preview.fitsOneReceipt ? '' : ' (too many payments: will go to review)'}${preview.note ? ` — ${preview.note}` : ''}`,
      )
    }
    io.out(
      `Dry run: ${donors} summary receipt(s) would be issued for ${euros(total)}; nothing was written.`,
    )
    return 0
  }
  const notOver = yearNotOver(command.year, deps.process.now())
  if (notOver) {
    io.out(`Nothing issued: ${notOver}. Use --dry-run to preview.`)
    return 2
  }
  const outcome = await runJob(
    deps,
    annualJob,
    { year: command.year },
    {
      fresh: command.fresh,
      progress: createProgress(`annual ${command.year}`, io.progressStream),
    },
  )
  return printRun(deps, outcome, io)
}

async function declaration(deps: JobDeps, year: number, io: CommandIo): Promise<ExitCode> {
  const report = await buildDeclaration(
    deps,
    year,
    createProgress(`declaration ${year}`, io.progressStream),
  )
  io.out(report.summary)
  io.out(`Files: ${report.files.declaration}, ${report.files.register}`)
  return report.ok ? 0 : 2
}

async function archive(deps: JobDeps, year: number, io: CommandIo): Promise<ExitCode> {
  const report = await writeArchive(
    deps,
    year,
    createProgress(`archive ${year}`, io.progressStream),
  )
  io.out(
    `Archive ${report.path}: ${report.receipts} receipts, ${(report.bytes / 1024 / 1024).toFixed(1)} MB, SHA-256 ${report.sha256}`,
  )
  if (!report.checksOk)
    io.out('  The declaration checks did not all pass: see the declaration in the archive.')
  if (report.pdfs.differentCount > 0)
    io.out(
      `  ${report.pdfs.differentCount} PDF(s) differ from the ones emailed: ${report.pdfs.different.join(', ')}`,
    )
  return report.checksOk && report.pdfs.differentCount === 0 ? 0 : 2
}

async function regenerate(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'regenerate' }>,
  io: CommandIo,
): Promise<ExitCode> {
  const params = { year: command.year }
  const outcome = await runJob(deps, regenerateJob, params, {
    fresh: command.fresh,
    progress: createProgress(`regenerate ${command.year}`, io.progressStream),
  })
  const code = await printRun(deps, outcome, io)
  io.out(`PDFs written under ${deps.files.locate(`receipts/${command.year}`)}`)
  if (!command.resend) return code
  const resend = await runJob(deps, yearlyResendJob, params, {
    fresh: command.fresh,
    progress: createProgress(`resend ${command.year}`, io.progressStream),
  })
  return Math.max(code, await printRun(deps, resend, io)) as ExitCode
}

async function printRun(deps: JobDeps, outcome: JobOutcome, io: CommandIo): Promise<ExitCode> {
  const { run } = outcome
  const counts = Object.entries(run.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name} ${value}`)
    .join(', ')
  io.out(
    `${run.kind} ${run.paramsKey} (run ${run.run}${outcome.resumed ? ', resumed' : ''}): ${run.status}, ${run.doneItems}/${run.totalItems} items${counts ? `: ${counts}` : ''}`,
  )
  let findings = 0
  for await (const finding of runFindings(deps.process.table, run)) {
    findings++
    if (findings <= FINDINGS_SHOWN) io.out(`  ${finding.kind} ${finding.key}: ${finding.detail}`)
  }
  if (findings > FINDINGS_SHOWN) io.out(`  … and ${findings - FINDINGS_SHOWN} more findings`)
  return findings > 0 ? 2 : 0
}
