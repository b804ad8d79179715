import type { JobDeps } from '../../shared/jobs/job-deps.js'
import { runFindings } from '../../shared/jobs/job-run-store.js'
import { createProgress } from '../../shared/jobs/progress.js'
import { regenerateJob } from '../../shared/jobs/regenerate/regenerate-job.js'
import { yearlyResendJob } from '../../shared/jobs/regenerate/yearly-resend-job.js'
import { type JobOutcome, runJob } from '../../shared/jobs/run-job.js'
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
    default:
      throw new Error(`${command.command}: not available yet`)
  }
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
