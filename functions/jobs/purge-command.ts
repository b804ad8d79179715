import type { JobDeps } from '../../shared/jobs/job-deps.js'
import {
  latestBeforeYear,
  type PurgeReport,
  purgePersonalData,
} from '../../shared/retention/purge-personal-data.js'
import type { JobCommand } from './cli-args.js'
import type { CommandIo, ExitCode } from './command-io.js'

const DEFAULT_RETENTION_YEARS = 6

/**
 * `purge --before-year Y [--dry-run]`: refuses a year whose receipts are still within the
 * retention period, then erases (or lists) what the period allows.
 */
export async function purgeCommand(
  deps: JobDeps,
  command: Extract<JobCommand, { command: 'purge' }>,
  io: CommandIo,
): Promise<ExitCode> {
  const years = deps.retention?.years ?? DEFAULT_RETENTION_YEARS
  const latest = latestBeforeYear(deps.process.now(), years)
  if (command.beforeYear > latest) {
    io.out(
      `Refusé : les reçus de ${command.beforeYear - 1} sont conservés ${years} ans après leur année d’émission (jusqu’au 31/12/${command.beforeYear - 1 + years}). Au plus --before-year ${latest} aujourd’hui ; rien n’a été effacé.`,
    )
    return 2
  }
  const report = await purgePersonalData(
    {
      table: deps.process.table,
      now: deps.process.now,
      log: deps.process.log,
      files: deps.files,
      ...(deps.retention?.purgeMail ? { purgeMail: deps.retention.purgeMail } : {}),
    },
    { beforeYear: command.beforeYear, dryRun: command.dryRun },
  )
  for (const line of purgeReportLines(report)) io.out(line)
  return 0
}

export function purgeReportLines(report: PurgeReport): string[] {
  const lines = [
    report.dryRun
      ? `purge avant ${report.beforeYear}, essai : rien n’est effacé. Ce qui le serait :`
      : `purge avant ${report.beforeYear} : données personnelles effacées.`,
  ]
  const years = Object.entries(report.receipts)
  if (years.length === 0) lines.push('  aucun reçu à effacer')
  for (const [year, numbers] of years)
    lines.push(
      `  ${year} : ${numbers.length} reçu${numbers.length > 1 ? 's' : ''} (${numbers[0]} … ${numbers.at(-1)})`,
    )
  if (report.alreadyErased > 0) lines.push(`  déjà effacés : ${report.alreadyErased} reçus`)
  lines.push(
    `  éléments de vérification : ${report.reviews} ; notifications HelloAsso : ${report.notifications}`,
    `  copies d’e-mails : ${report.mailFiles.length} ; fichiers de travaux : ${report.jobFiles.length}`,
  )
  if (!report.dryRun)
    lines.push(
      `  adhésions : ${report.memberships} ; paiements : ${report.eligiblePayments} ; commandes : ${report.orders} ; entrées d’historique : ${report.auditEntries}`,
      'Numéros, dates, montants, modèles et états restent : la série reste continue et les déclarations passées inchangées.',
    )
  return lines
}
